package org.roofsweep.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.validate.CrossValidation;
import org.roofsweep.core.validate.ErrorSummary;
import org.roofsweep.core.validate.MeasuredCsv;
import org.roofsweep.core.validate.MeasuredRow;
import org.roofsweep.core.validate.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: predicts published measurements with the cost core and reports the error. No Spark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Predict every row of a measurement CSV it can and report the error, in sample and, with --cv, "
                + "out of sample.")
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--measured", paramLabel = "FILE", description = "measurement CSV (default: ${DEFAULT-VALUE})",
            defaultValue = "configs/measurements/measured.csv")
    private Path measured;

    @Mixin
    private CatalogOptions catalog;

    @Option(names = "--calibrate", description = "also print the efficiencies fitted to the rows, per backend and "
            + "kernel path, and the family deviations (./submit.sh calibrate writes the fit of every measurement "
            + "file into calibration.json)")
    private boolean calibrate;

    @Option(names = "--cv", description = "also report leave-one-GPU-out and leave-one-source-out errors: each row "
            + "predicted by a calibration fitted without its GPU (or its source)")
    private boolean cv;

    @Option(names = "--json", description = "print one JSON object: predictions, skipped and summary")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Catalogs catalogs = catalog.load();
        List<MeasuredRow> rows = MeasuredCsv.read(measured);
        Validation.Report report = Validation.run(rows, catalogs);
        List<ErrorSummary> summary = ErrorSummary.of(report.predictions());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            Map<CrossValidation.Scheme, List<Validation.Prediction>> heldOut =
                    new EnumMap<>(CrossValidation.Scheme.class);
            if (cv) {
                for (CrossValidation.Scheme s : CrossValidation.Scheme.values()) {
                    heldOut.put(s, CrossValidation.run(rows, catalogs, s));
                }
            }
            Map<CrossValidation.Scheme, Map<Integer, Validation.Prediction>> heldOutByLine =
                    new EnumMap<>(CrossValidation.Scheme.class);
            heldOut.forEach((s, ps) -> heldOutByLine.put(s, ps.stream()
                    .collect(Collectors.toMap(p -> p.row().line(), p -> p))));
            ArrayNode ps = root.putArray("predictions");
            for (Validation.Prediction p : report.predictions()) {
                ObjectNode o = ps.addObject().put("line", p.row().line()).put("system", p.system())
                        .put("metric", p.row().metric()).put("backend", p.backend().key())
                        .put("gpu_key", p.backend() == Backend.CPU ? "" : p.gpu().key())
                        .put("cpu_key", p.row().cpuKey().isEmpty() ? "" : p.cpu().key())
                        .put("model_key", p.model().key()).put("measured", p.row().value())
                        .put("predicted", p.predicted()).put("error_pct", p.errorPct())
                        .put("kv_depth", p.row().kvDepth()).put("flash_attn", p.workload().flashAttention())
                        .put("kv_type", p.row().kvType().label());
                // PowerInfer's --vram-budget as run; null where the row states none
                if (Double.isNaN(p.vramBudgetGib())) {
                    o.putNull("vram_budget_gib");
                } else {
                    o.put("vram_budget_gib", p.vramBudgetGib());
                }
                // with --cv, the row's error when its GPU (or its source) is held out of the fit
                heldOutByLine.forEach((s, byLine) -> {
                    Validation.Prediction h = byLine.get(p.row().line());
                    String field = "error_pct_" + s.key().replace('-', '_');
                    if (h == null) {
                        o.putNull(field);
                    } else {
                        o.put(field, h.errorPct());
                    }
                });
            }
            ArrayNode sk = root.putArray("skipped");
            report.skipped().forEach(s -> sk.addObject().put("line", s.row().line()).put("reason", s.reason()));
            summaries(root.putArray("summary"), summary);
            if (cv) {
                ObjectNode cross = root.putObject("cross_validation");
                heldOut.forEach((s, held) -> summaries(cross.putArray(s.key()), ErrorSummary.of(held)));
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            out.flush();
            return 0;
        }
        ValidationTables.predictions(out, report);
        if (calibrate) {
            ValidationTables.fit(out, rows, catalogs);
        }
        out.println();
        out.println("in sample:");
        ValidationTables.summary(out, summary);
        if (cv) {
            for (CrossValidation.Scheme s : CrossValidation.Scheme.values()) {
                out.println(s.key() + ":");
                ValidationTables.summary(out, ErrorSummary.of(CrossValidation.run(rows, catalogs, s)));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "prefill: median_abs_error_pct=%.1f rows=%d%n",
                report.medianAbsErrorPct(report.prefill()), report.prefill().size());
        if (!report.vision().isEmpty()) {
            out.printf(Locale.ROOT, "image encode: median_abs_error_pct=%.1f rows=%d%n",
                    report.medianAbsErrorPct(report.vision()), report.vision().size());
        }
        out.printf(Locale.ROOT, "median_abs_error_pct=%.1f rows=%d skipped=%d%n",
                report.medianAbsErrorPct(report.decode()), report.decode().size(), report.skipped().size());
        out.flush();
        return 0;
    }

    private static void summaries(ArrayNode to, List<ErrorSummary> summary) {
        for (ErrorSummary e : summary) {
            to.addObject().put("system", e.system()).put("metric", e.metric()).put("engine", e.engine())
                    .put("backend", e.backend())
                    .put("rows", e.rows()).put("median_abs_error_pct", e.medianAbsErrorPct());
        }
    }
}
