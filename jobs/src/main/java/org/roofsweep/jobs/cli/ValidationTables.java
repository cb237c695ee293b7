package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.DecodeGeneration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.GraphCapture;
import org.roofsweep.core.hardware.StreamCap;
import org.roofsweep.core.validate.Calibrator;
import org.roofsweep.core.validate.ErrorSummary;
import org.roofsweep.core.validate.MeasuredRow;
import org.roofsweep.core.validate.Validation;
import org.roofsweep.core.validate.VisionCalibrator;

/** The plain-text tables of {@code validate}: predictions and skips, the fit, the error summaries. */
final class ValidationTables {
    private ValidationTables() {
    }

    static void predictions(PrintWriter out, Validation.Report report) {
        out.printf(Locale.ROOT, "%-5s %-13s %-7s %-22s %-16s %-8s %-9s %10s %10s %8s%n", "line", "system", "backend",
                "device", "model", "bits", "metric", "measured", "predicted", "error%");
        for (Validation.Prediction p : report.predictions()) {
            out.printf(Locale.ROOT, "%-5d %-13s %-7s %-22s %-16s %-8s %-9s %10.2f %10.2f %+8.1f%n", p.row().line(),
                    p.system(), p.backend().key(), p.deviceKey(), p.model().key(), bits(p.bitsPerWeight()),
                    p.row().metric(), p.row().value(), p.predicted(), p.errorPct());
        }
        out.println();
        out.println("skipped rows:");
        for (Validation.Skip s : report.skipped()) {
            out.printf(Locale.ROOT, "  line %d (%s, %s, %s): %s%n", s.row().line(), s.row().gpu(), s.row().model(),
                    s.row().metric(), s.reason());
        }
    }

    private static final double PICOJOULE = 1e-12;

    /** A backend's streaming cap as the fit table prints it: "-" where none is declared, else figure / basis. */
    static String capCell(StreamCap cap) {
        if (!cap.declared()) {
            return "-";
        }
        return cap.basis().cell(cap.bytesPerSecondPerUnit());
    }

    static void fit(PrintWriter out, List<MeasuredRow> rows, Catalogs catalogs) {
        Calibrator.Fit fit = Calibrator.fit(rows, catalogs);
        out.println();
        out.println("fitted efficiencies per backend (of these rows alone; ./submit.sh calibrate writes the fit of "
                + "every measurement file into configs/calibration.json):");
        out.printf(Locale.ROOT, "  %-8s %8s %19s %9s %12s %-6s %10s %12s %9s %15s %22s %16s %14s %11s%n",
                "backend", "memory", "launch_us_per_layer", "f16_gemm", "pj_per_flop", "path", "quantized",
                "decode_rows", "f16_rows", "quantized_rows", "stream_cap", "int8_vector_ops",
                "vector_compute", "vector_rows");
        for (Calibrator.BackendFit b : fit.backends()) {
            Efficiency e = b.calibration().efficiency();
            out.printf(Locale.ROOT,
                    "  %-8s %8.3f %19.1f %9.3f %12.3f %-6s %10.3f %12d %9d %15d %22s %16.3f %14.3f %11d%n",
                    b.calibration().backend().key(), e.memory(), e.layerOverheadSeconds() / Units.MICROSECOND,
                    e.compute(), e.joulesPerFlop() / PICOJOULE, e.quantizedPath().key(), e.quantizedCompute(),
                    b.decodeRows(), b.f16Rows(), b.quantizedRows(), capCell(e.streamCap()), e.vectorOpsPerInt8Op(),
                    e.vectorCompute(), b.vectorRows());
        }
        out.println("decode kernel generations (builds before each date; today's are the rows above, "
                + "calibration = their status):");
        out.printf(Locale.ROOT, "  %-8s %-10s %8s %19s %12s  %s%n", "backend", "until", "memory",
                "launch_us_per_layer", "decode_rows", "calibration");
        for (Calibrator.BackendFit b : fit.backends()) {
            List<DecodeGeneration> gens = b.calibration().decodeGenerations();
            if (gens.isEmpty()) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-8s %-10s %8s %19s %12d  %s%n", b.calibration().backend().key(), "today",
                    "", "", b.generationRows().get(0), b.calibration().status());
            for (int i = 0; i < gens.size(); i++) {
                DecodeGeneration g = gens.get(i);
                out.printf(Locale.ROOT, "  %-8s %-10s %8.3f %19.1f %12d  %s%n", b.calibration().backend().key(),
                        g.until(), g.memory(), g.layerOverheadSeconds() / Units.MICROSECOND,
                        b.generationRows().get(i + 1), g.status());
            }
        }
        out.println("decode steps replayed as one graph (a one-token step on a gated card; the rest launch every "
                + "kernel at launch_us_per_layer):");
        out.printf(Locale.ROOT, "  %-8s %19s %13s  %s%n", "backend", "launch_us_per_layer", "captured_rows",
                "calibration");
        for (Calibrator.BackendFit b : fit.backends()) {
            GraphCapture g = b.calibration().graphs();
            if (g.any()) {
                out.printf(Locale.ROOT, "  %-8s %19.1f %13d  %s%n", b.calibration().backend().key(),
                        g.layerOverheadSeconds() / Units.MICROSECOND, b.capturedRows(), g.status());
            }
        }
        out.println("family deviations (factors on the backend's memory and compute efficiencies):");
        out.printf(Locale.ROOT, "  %-22s %8s %8s %12s %13s%n", "family", "memory", "compute", "decode_rows",
                "prefill_rows");
        for (Calibrator.FamilyFit f : fit.families()) {
            out.printf(Locale.ROOT, "  %-22s %8.3f %8.3f %12d %13d%n", f.family(), f.deviation().memory(),
                    f.deviation().compute(), f.decodeRows(), f.prefillRows());
        }
        out.println("other engines' decode kernels (fitted to their own rows, else kept or borrowed):");
        out.printf(Locale.ROOT, "  %-14s %8s %19s  %s%n", "engine", "memory", "launch_us_per_layer", "calibration");
        fit.calibration().engines().values().forEach(e -> out.printf(Locale.ROOT, "  %-14s %8.3f %19.1f  %s%n",
                e.key(), e.memory(), e.layerOverheadSeconds() / Units.MICROSECOND, e.status()));
        Efficiency cpu = fit.calibration().cpu();
        out.printf(Locale.ROOT, "cpu: memory %.3f, sync %.2f us per layer and thread and %.2f us per expert matrix "
                + "(%s); prompt paths: f16 compute %.3f (%s), quantized vec_dot %.3f (%s), quantized gemm %.3f (%s), "
                + "vector ops per int8 op %.3f%n",
                cpu.memory(), cpu.layerOverheadSeconds() / Units.MICROSECOND,
                fit.calibration().cpuExpertSeconds() / Units.MICROSECOND,
                cpuRows(fit.cpuDecodeRows(), "cpu-only decode"), cpu.compute(),
                cpuRows(fit.cpuF16Rows(), "F16 prefill"),
                cpu.quantizedCompute(), cpuRows(fit.cpuQuantizedRows(), "vec_dot prefill"),
                fit.calibration().cpuGemmCompute(), cpuRows(fit.cpuGemmRows(), "gemm prefill"),
                cpu.vectorOpsPerInt8Op());
        out.println("other engines' CPU prompt kernels (factor on the quantized gemm efficiency, for every quantized "
                + "format; fitted to their own cpu-only prompt rows, else kept):");
        out.printf(Locale.ROOT, "  %-14s %13s %15s  %s%n", "engine", "prompt_factor", "repacked_factor",
                "calibration");
        fit.calibration().cpuEngines().values().forEach(e -> out.printf(Locale.ROOT, "  %-14s %13.3f %15.3f  %s%n",
                e.key(), e.promptFactor(), e.repackedFactor(), e.status()));
        out.println("vision paths (compute factor on the backend's F16 matrix rate; backends without rows keep "
                + "theirs):");
        out.printf(Locale.ROOT, "  %-8s %8s %11s%n", "backend", "compute", "image_rows");
        for (VisionCalibrator.Fit v : fit.vision()) {
            out.printf(Locale.ROOT, "  %-8s %8.3f %11d%n", v.backend().key(), v.path().computeFactor(), v.rows());
        }
    }

    static void summary(PrintWriter out, List<ErrorSummary> summary) {
        out.printf(Locale.ROOT, "  %-14s %-16s %-10s %-8s %6s %22s%n", "system", "metric", "engine", "backend",
                "rows", "median_abs_error_pct");
        for (ErrorSummary e : summary) {
            out.printf(Locale.ROOT, "  %-14s %-16s %-10s %-8s %6d %22.1f%n", e.system(), e.metric(), e.engine(),
                    e.backend(), e.rows(), e.medianAbsErrorPct());
        }
    }

    /** "21 cpu-only decode rows, fitted", or, with fewer rows than a fit needs, "1 ... row: kept". */
    private static String cpuRows(int rows, String what) {
        return rows + " " + what + (rows == 1 ? " row" : " rows")
                + (Calibrator.Fit.kept(rows) ? ": kept, too few to fit" : ", fitted");
    }

    private static String bits(double bits) {
        return bits == Math.rint(bits) ? Integer.toString((int) bits) : String.format(Locale.ROOT, "%.2f", bits);
    }
}
