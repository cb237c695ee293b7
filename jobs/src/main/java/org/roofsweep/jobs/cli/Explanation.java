package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.roofsweep.core.Units;
import org.roofsweep.core.systems.Result;

/** The parts of {@code explain}'s page after the operators: where the memory goes, and the point's result. */
final class Explanation {
    private Explanation() {
    }

    /** Cells padded to {@code width}, two spaces apart. */
    static String line(List<String> cells, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            s.append(k == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + width[k] + "s", cells.get(k)));
        }
        return s.toString().stripTrailing();
    }

    static void memoryAndResult(PrintWriter out, Result r) {
        out.println();
        out.println("memory (GiB)");
        row(out, "gpu weights", gib(r.gpuWeightBytes()));
        row(out, "gpu kv cache", gib(r.gpuKvBytes()));
        row(out, "gpu activations", gib(r.gpuActivationBytes()));
        row(out, "gpu vision weights", gib(r.visionWeightBytes()));
        row(out, "gpu total", gib(r.gpuBytes()));
        row(out, "host", gib(r.hostBytes()));
        row(out, "model weights", gib(r.modelBytes()));
        row(out, "kv cache", gib(r.kvBytes()));
        row(out, "kv cells (n_ctx)", r.reservedContextTokens() + ", shared by the batch");
        out.println();
        out.println("result");
        row(out, "fits", r.fits() ? "yes" : "no" + (r.reason().isEmpty() ? "" : ": " + r.reason()));
        row(out, "mode", r.mode().name().toLowerCase(Locale.ROOT));
        row(out, "image tokens", Integer.toString(r.imageTokens()));
        row(out, "vision s", seconds(r.visionSeconds()));
        row(out, "prefill s", seconds(r.prefillSeconds()));
        row(out, "ttft s", seconds(r.ttftSeconds()));
        row(out, "tpot s", seconds(r.tpotSeconds()));
        row(out, "decode tokens/s", rate(r.decodeTokensPerSecond()));
        row(out, "e2e tokens/s", rate(r.e2eTokensPerSecond()));
        row(out, "gpu busy s", seconds(r.gpuBusySeconds()));
        row(out, "cpu busy s", seconds(r.cpuBusySeconds()));
        row(out, "host GB/s", rate(r.hostBandwidthBytesPerSecond() / Units.GIGA));
        row(out, "transfer s", seconds(r.transferSeconds()));
        row(out, "gpu layers", Integer.toString(r.gpuLayers()));
        row(out, "hot neuron fraction", rate(r.hotNeuronFraction()));
        row(out, "gpu neuron share", rate(r.gpuNeuronShare()));
        row(out, "decode sparsity", rate(r.decodeSparsity()));
        row(out, "decode bound", r.decodeBound() == null ? "NULL" : r.decodeBound());
    }

    private static void row(PrintWriter out, String what, String value) {
        out.printf(Locale.ROOT, "  %-20s %s%n", what, value);
    }

    private static String gib(double bytes) {
        return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%.3f", bytes / Units.GIB) : "NULL";
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.4g", s) : "NULL";
    }

    private static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "NULL";
    }
}
