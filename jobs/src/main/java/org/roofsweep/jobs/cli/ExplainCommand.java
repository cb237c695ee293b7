package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.DeviceOps;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.SparseGpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: one point of a sweep without running one, straight from the cost core: every operator of every
 * phase with the {@code operators} table's measures (FLOPs and bytes per instance, decode at the first step with
 * the prompt in the cache), then where the memory goes and the point's result.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain one point (no Spark): its operators phase by phase, as the operators table holds "
                + "them, the memory breakdown and the result.",
            "Example: explain --platform rtx4090+i9_13900k --model llava_1_5_7b --system powerinfer --images 1"})
public final class ExplainCommand implements Callable<Integer> {
    /** The operator table's columns, as the {@code operators} table names them, and the device that runs the op. */
    static final List<String> COLUMNS = List.of("phase", "op", "kind", "repeat", "flop", "weight_bytes",
            "activation_bytes", "kv_read_bytes", "kv_write_bytes", "total_bytes", "intensity_flop_per_byte", "bound",
            "time_s", "device");
    /** Systems that run on the GPU alone: a bare GPU key serves as their platform. */
    private static final Set<String> GPU_ONLY = Set.of(DenseGpu.NAME, SparseGpu.NAME);

    @Option(names = "--platform", required = true, paramLabel = "PLATFORM",
            description = "a named platform (pc_high), a gpu+cpu pair, or a bare GPU key for dense-gpu and sparse-gpu")
    private String platform;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model key")
    private String model;

    @Option(names = "--system", defaultValue = "powerinfer", paramLabel = "SYSTEM",
            description = "inference system (default: ${DEFAULT-VALUE})")
    private String system;

    @Option(names = "--images", defaultValue = "0", description = "images per request (default: ${DEFAULT-VALUE})")
    private int images;

    @Mixin
    private PointOptions point;

    @Option(names = "--csv", description = "print the operator table alone, as CSV")
    private boolean csv;

    @Mixin
    private CatalogOptions catalog;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Catalogs c = catalog.load();
        InferenceSystem s = PointOptions.system(system);
        ModelSpec m = PointOptions.model(c, model);
        Workload w = point.workload(c, m, platform(c, s), images);
        Result r = s.evaluate(w, c.hardware().calibration());
        List<DeviceOps.Row> ops = DeviceOps.of(s, w, c.hardware().calibration());
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.println(String.join(",", COLUMNS));
            ops.forEach(o -> out.println(String.join(",", cells(o, true))));
        } else {
            out.printf(Locale.ROOT, "%s on %s under %s: %s%n%n", m.key(), w.platform().key(), s.name(),
                    point.describe(images));
            table(out, ops);
            Explanation.memoryAndResult(out, r);
        }
        out.flush();
        return 0;
    }

    private Platform platform(Catalogs c, InferenceSystem s) {
        var named = c.hardware().platform(platform, point.hostMemoryGib());
        if (named.isPresent()) {
            return named.get();
        }
        Gpu g = platform.contains("+") ? null : c.hardware().gpu(platform).orElse(null);
        if (g == null) {
            throw new UserException("--platform: " + c.hardware().unknownPlatform(platform));
        }
        if (!GPU_ONLY.contains(s.name())) {
            throw new UserException("--platform " + platform + " is a GPU alone, and " + s.name() + " uses the host "
                    + "CPU: give a platform or a pair " + platform + "+CPU");
        }
        // the GPU-only systems read no field of the host
        return new Platform(g.key(), g, null, 0, 0);
    }

    /** One operator's cells: full precision for CSV, 4 significant digits for the text table. */
    static List<String> cells(DeviceOps.Row o, boolean full) {
        List<String> cells = new ArrayList<>(List.of(o.phase(), o.op().name(),
                o.op().kind().name().toLowerCase(Locale.ROOT)));
        for (double v : new double[] {o.repeat(), o.op().flops(), o.op().weightBytes(), o.op().activationBytes(),
            o.op().kvReadBytes(), o.op().kvWriteBytes(), o.op().bytes(), o.intensity()}) {
            cells.add(number(v, full));
        }
        cells.add(o.memoryBound() ? "memory" : "compute");
        cells.add(number(o.seconds(), full));
        cells.add(o.device());
        return cells;
    }

    private static String number(double v, boolean full) {
        if (!Double.isFinite(v)) {
            return full ? "" : "NULL";
        }
        if (full) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static void table(PrintWriter out, List<DeviceOps.Row> ops) {
        if (ops.isEmpty()) {
            out.println("(no operators: the request cannot be shaped, see the result below)");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        ops.forEach(o -> rows.add(cells(o, false)));
        int[] width = new int[COLUMNS.size()];
        for (int k = 0; k < width.length; k++) {
            width[k] = COLUMNS.get(k).length();
            for (List<String> r : rows) {
                width[k] = Math.max(width[k], r.get(k).length());
            }
        }
        out.println(Explanation.line(COLUMNS, width));
        List<String> rules = new ArrayList<>();
        for (int wk : width) {
            rules.add("-".repeat(wk));
        }
        out.println(Explanation.line(rules, width));
        rows.forEach(r -> out.println(Explanation.line(r, width)));
        out.println("(" + rows.size() + " rows; FLOPs and bytes per instance, time_s of all repeat instances on the "
                + "device's roofline; an op two devices share has a row for each; ffn_hot and ffn_cold, PowerInfer's "
                + "GPU and CPU halves of the FFN, run concurrently; device link: the fork's vision copies over the "
                + "host link)");
    }
}
