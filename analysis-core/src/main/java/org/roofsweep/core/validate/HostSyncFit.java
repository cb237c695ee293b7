package org.roofsweep.core.validate;

import java.util.List;

/**
 * The host CPU's fixed cost per layer and per thread (ggml's thread-pool barriers, see
 * {@link org.roofsweep.core.roofline.ExecutionUnit#cpu}), fitted to llama.cpp {@code cpu-only} decode rows predicted
 * without it: with the per-token time t0 predicted at the CPU's host bandwidth, the layer count L and the run's
 * threads T (the row's {@code threads}, else every core), the measured time is t = t0 + L x T x s. The relative least
 * squares of that line through the origin, min sum ((t0 + x s - t) / t)^2 over x = L x T, give
 * s = sum (x (t - t0) / t^2) / sum (x^2 / t^2), kept at s >= 0. Rows whose CPU runs compute-bound at few threads
 * pull s either way and are outweighed by the many-thread rows, where the barriers show.
 */
final class HostSyncFit {
    private HostSyncFit() {
    }

    /** Seconds per layer and per thread; {@code fallback} with fewer than {@code minRows} rows. */
    static double secondsPerLayerThread(List<Validation.Prediction> decodeRows, int minRows, double fallback) {
        if (decodeRows.size() < minRows) {
            return fallback;
        }
        double num = 0;
        double den = 0;
        for (Validation.Prediction p : decodeRows) {
            double x = (double) p.model().numLayers() * threads(p);
            double t = 1 / p.row().value();
            double t0 = 1 / p.predicted();
            num += x * (t - t0) / (t * t);
            den += x * x / (t * t);
        }
        return Math.max(0, num / den);
    }

    /** The threads a row ran: its {@code threads}, else every core (llama.cpp's default, one per physical core). */
    static int threads(Validation.Prediction p) {
        return p.row().threads() > 0 ? p.row().threads() : p.cpu().cores();
    }
}
