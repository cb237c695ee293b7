package org.roofsweep.core.systems;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What PowerInfer is compared with, and how: the one definition of its speedup that {@code compare}, the report's
 * {@code pi_vs_dense} view and the example queries use. A speedup is PowerInfer's tokens/s over the best of the dense
 * systems at the same inputs, among those that fit; it is a {@link Metric#DECODE decode speedup} or an
 * {@link Metric#E2E e2e speedup} by the tokens/s it divides, and is always named as one of the two.
 */
public final class Baselines {
    /** The dense systems: everything on the GPU, or llama.cpp's layer offload. */
    public static final List<String> DENSE = List.of(DenseGpu.NAME, LayerOffload.NAME);

    private Baselines() {
    }

    /** The tokens/s a speedup divides. */
    public enum Metric {
        /** Decode tokens/s: generation speed once the prompt is processed. */
        DECODE("decode speedup", "decode_speedup", Result::decodeTokensPerSecond),
        /** End-to-end tokens/s: generated tokens over the whole request, vision and prefill included. */
        E2E("e2e speedup", "e2e_speedup", Result::e2eTokensPerSecond);

        private final String label;
        private final String column;
        private final ToDoubleFunction<Result> tokensPerSecond;

        Metric(String label, String column, ToDoubleFunction<Result> tokensPerSecond) {
            this.label = label;
            this.column = column;
            this.tokensPerSecond = tokensPerSecond;
        }

        /** Its name in tables and prose: "decode speedup", "e2e speedup". */
        public String label() {
            return label;
        }

        /** Its column in the {@code pi_vs_dense} view and the example queries. */
        public String column() {
            return column;
        }

        public double tokensPerSecond(Result r) {
            return tokensPerSecond.applyAsDouble(r);
        }
    }

    /**
     * PowerInfer's speedup among {@code results} (by system name, one workload): NaN when PowerInfer or every dense
     * system is missing or does not fit.
     */
    public static double speedup(Map<String, Result> results, Metric metric) {
        Result pi = results.get(PowerInfer.NAME);
        double dense = 0;
        for (String s : DENSE) {
            Result r = results.get(s);
            if (r != null && r.fits()) {
                dense = Math.max(dense, metric.tokensPerSecond(r));
            }
        }
        if (pi == null || !pi.fits() || dense == 0) {
            return Double.NaN;
        }
        return metric.tokensPerSecond(pi) / dense;
    }
}
