package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.Units;
import org.roofsweep.core.validate.Calibrator;
import org.roofsweep.core.validate.MeasuredRow;
import org.roofsweep.core.validate.MeasuredCsv;
import org.roofsweep.core.validate.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: predicts published measurements with the cost core and reports the error. No Spark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Predict every single-GPU row of a measurement CSV with dense-gpu and report the error.")
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--measured", paramLabel = "FILE", description = "measurement CSV (default: ${DEFAULT-VALUE})",
            defaultValue = "configs/measurements/measured.csv")
    private Path measured;

    @Mixin
    private CatalogOptions catalog;

    @Option(names = "--calibrate", description = "also print, per GPU family, the efficiencies fitted to the rows "
            + "(memory and layer overhead by least squares over decode rows, compute as the median of measured / "
            + "ideal prefill throughput), to paste into calibration.json")
    private boolean calibrate;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Catalogs catalogs = catalog.load();
        List<MeasuredRow> rows = MeasuredCsv.read(measured);
        Validation.Report report = Validation.run(rows, catalogs);
        out.printf(Locale.ROOT, "%-5s %-22s %-16s %-8s %-9s %10s %10s %8s%n", "line", "gpu", "model", "bits",
                "metric", "measured", "predicted", "error%");
        for (Validation.Prediction p : report.predictions()) {
            out.printf(Locale.ROOT, "%-5d %-22s %-16s %-8s %-9s %10.2f %10.2f %+8.1f%n", p.row().line(),
                    p.gpu().key(), p.model().key(), fmt(p.bitsPerWeight()), p.row().metric(), p.row().value(),
                    p.predicted(), p.errorPct());
        }
        out.println();
        out.println("skipped rows:");
        for (Validation.Skip s : report.skipped()) {
            out.printf(Locale.ROOT, "  line %d (%s, %s, %s): %s%n", s.row().line(), s.row().gpu(), s.row().model(),
                    s.row().metric(), s.reason());
        }
        if (calibrate) {
            out.println();
            out.println("fitted efficiencies per family (paste into configs/calibration.json):");
            out.printf(Locale.ROOT, "  %-22s %8s %8s %18s %12s %13s%n", "family", "memory", "compute",
                    "layer_overhead_us", "decode_rows", "prefill_rows");
            for (Calibrator.Fit f : Calibrator.fit(rows, catalogs).values()) {
                out.printf(Locale.ROOT, "  %-22s %8.3f %8.3f %18.1f %12d %13d%n", f.family(), f.efficiency().memory(),
                        f.efficiency().compute(), f.efficiency().layerOverheadSeconds() / Units.MICROSECOND,
                        f.decodeRows(), f.prefillRows());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "prefill: median_abs_error_pct=%.1f rows=%d%n",
                report.medianAbsErrorPct(report.prefill()), report.prefill().size());
        out.printf(Locale.ROOT, "median_abs_error_pct=%.1f rows=%d skipped=%d%n",
                report.medianAbsErrorPct(report.decode()), report.decode().size(), report.skipped().size());
        out.flush();
        return 0;
    }

    private static String fmt(double bits) {
        return bits == Math.rint(bits) ? Integer.toString((int) bits) : String.format(Locale.ROOT, "%.2f", bits);
    }
}
