package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The host CPU's decode efficiencies, fitted to llama.cpp {@code cpu-only} decode rows predicted at ideal efficiency:
 * with the per-token time t0 at the CPU's effective host bandwidth, the layer count L and the run's threads T (the
 * row's {@code threads}, else llama.cpp's default on the row's CPU, {@link org.roofsweep.core.hardware.Cpu#runThreads}),
 * the measured time is t = t0 / memory + L x T x s, where memory is the
 * fraction of the effective bandwidth llama.cpp's matrix-vector products stream and s the fixed cost per layer and
 * per thread (ggml's thread-pool barriers, see {@link org.roofsweep.core.roofline.ExecutionUnit#cpu}). The same
 * relative least squares as a GPU backend's decode ({@link Calibrator#leastSquares}: memory <= 1, s >= 0), over x =
 * L x T in place of the layer count.
 */
final class HostDecodeFit {
    private HostDecodeFit() {
    }

    /**
     * {memory, seconds per layer and thread}; {@code fallback} (the same pair) with fewer than {@code minRows} rows.
     */
    static double[] fit(List<Validation.Prediction> decodeRows, int minRows, double[] fallback) {
        if (decodeRows.size() < minRows) {
            return fallback;
        }
        List<double[]> rows = new ArrayList<>();
        for (Validation.Prediction p : decodeRows) {
            double t = 1 / p.row().value();
            rows.add(new double[] {1 / p.predicted() / t, (double) p.model().numLayers() * threads(p) / t, 1});
        }
        double[] ab = Calibrator.leastSquares(rows);
        return new double[] {1 / ab[0], ab[1]};
    }

    /**
     * The threads a row ran: its {@code threads}, else llama.cpp's default on the row's CPU (one per P-core on a hybrid
     * Intel part, else one per physical core), as the CPU the row was predicted on holds it.
     */
    static int threads(Validation.Prediction p) {
        return p.workload().platform().cpu().runThreads();
    }
}
