package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.Baselines;
import org.roofsweep.core.systems.ExecutionMode;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.PowerInfer;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.Systems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: evaluates a handful of models on a handful of platforms under every system, straight from the
 * cost core (no Spark), and prints a Markdown table: decode tokens/s, time to first token and GPU memory per
 * system, and PowerInfer's decode speedup over the faster dense system that fits ({@link Baselines}). A PowerInfer
 * result in its dense mode (the llama.cpp layer split it runs a model without activation sparsity in) is marked
 * "(dense mode)".
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare the inference systems on a few models and platforms (no Spark); Markdown output.")
public final class CompareCommand implements Callable<Integer> {
    /** The table's speedup: this command reports decode tokens/s, so its speedup is the decode speedup. */
    private static final Baselines.Metric SPEEDUP = Baselines.Metric.DECODE;

    @Option(names = "--models", split = ",", required = true, description = "model keys, comma-separated")
    private List<String> models;

    @Option(names = "--platforms", split = ",", required = true,
            description = "platforms: named (pc_high) or gpu+cpu pairs, comma-separated")
    private List<String> platforms;

    @Option(names = "--systems", split = ",", description = "systems (default: all)")
    private List<String> systems;

    @Option(names = "--images", split = ",", defaultValue = "0", description = "images per request, e.g. 0,1,4")
    private List<Integer> images;

    @Mixin
    private PointOptions point;

    @Mixin
    private CatalogOptions catalog;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Catalogs c = catalog.load();
        List<InferenceSystem> chosen = new ArrayList<>();
        for (String s : systems == null ? Systems.names() : systems) {
            chosen.add(PointOptions.system(s));
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder head = new StringBuilder("| model | platform | images |");
        StringBuilder rule = new StringBuilder("|---|---|---:|");
        for (InferenceSystem s : chosen) {
            head.append(' ').append(s.name()).append(" tok/s | TTFT s | GPU GiB |");
            rule.append("---:|---:|---:|");
        }
        boolean speedup = chosen.stream().anyMatch(s -> s.name().equals(PowerInfer.NAME));
        if (speedup) {
            head.append(" ").append(SPEEDUP.label()).append(" |");
            rule.append("---:|");
        }
        out.println(head);
        out.println(rule);
        for (String mk : models) {
            ModelSpec m = PointOptions.model(c, mk);
            for (String pk : platforms) {
                Platform p = c.hardware().platform(pk, point.hostMemoryGib()).orElseThrow(() -> new UserException(
                        c.hardware().unknownPlatform(pk)));
                for (int img : images) {
                    if (img > 0 && m.vision() == null) {
                        continue;
                    }
                    Workload w = point.workload(c, m, p, img);
                    Map<String, Result> results = new LinkedHashMap<>();
                    StringBuilder row = new StringBuilder("| " + m.key() + " | " + p.key() + " | " + img + " |");
                    for (InferenceSystem s : chosen) {
                        Result r = s.evaluate(w, c.hardware().calibration());
                        results.put(s.name(), r);
                        row.append(r.fits() ? String.format(Locale.ROOT, " %.2f%s | %.3f | %.1f |",
                                r.decodeTokensPerSecond(), r.mode() == ExecutionMode.DENSE_MODE ? " (dense mode)" : "",
                                r.ttftSeconds(), r.gpuBytes() / Units.GIB)
                                : " does not fit | | |");
                    }
                    if (speedup) {
                        double x = Baselines.speedup(results, SPEEDUP);
                        row.append(' ').append(Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2fx", x))
                                .append(" |");
                    }
                    out.println(row);
                }
            }
        }
        out.flush();
        return 0;
    }
}
