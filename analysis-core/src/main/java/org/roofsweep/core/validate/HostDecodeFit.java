package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * The host CPU's decode efficiencies, fitted to llama.cpp {@code cpu-only} decode rows predicted at ideal efficiency:
 * with the per-token time t0 at the CPU's effective host bandwidth, the layer count L, the run's threads T (the
 * row's {@code threads}, else llama.cpp's default on the row's CPU, {@link org.roofsweep.core.hardware.Cpu#runThreads})
 * and the expert matrices one token multiplies X (L x {@link ExecutionUnit#expertMatricesPerLayer}: 0 for a dense
 * model), the measured time is t = t0 / memory + L x T x s + X x e, where memory is the fraction of the effective
 * bandwidth llama.cpp's matrix-vector products stream, s the fixed cost per layer and per thread (ggml's thread-pool
 * barriers, see {@link ExecutionUnit#cpu}) and e the fixed cost of one expert matrix of a MUL_MAT_ID. Relative least
 * squares as a GPU backend's decode ({@link Calibrator#leastSquares}: memory <= 1, s >= 0) over the dense rows' and
 * the expert rows' residuals together: the three normal equations solved at once, and where that gives memory above
 * 1 or a negative cost, e = 0 and the two-figure fit.
 */
final class HostDecodeFit {
    private HostDecodeFit() {
    }

    /**
     * {memory, seconds per layer and thread, seconds per expert matrix}; {@code fallback} (the same three) with fewer
     * than {@code minRows} rows.
     */
    static double[] fit(List<Validation.Prediction> decodeRows, int minRows, double[] fallback) {
        if (decodeRows.size() < minRows) {
            return fallback;
        }
        List<double[]> rows = new ArrayList<>();
        for (Validation.Prediction p : decodeRows) {
            double t = 1 / p.row().value();
            int layers = p.model().numLayers();
            rows.add(new double[] {1 / p.predicted() / t, (double) layers * threads(p) / t,
                    layers * ExecutionUnit.expertMatricesPerLayer(p.model()) / t, 1});
        }
        double[] abc = solve3(rows);
        if (abc != null && abc[0] >= 1 && abc[1] >= 0 && abc[2] >= 0) {
            return new double[] {1 / abc[0], abc[1], abc[2]};
        }
        double[] ab = Calibrator.leastSquares(rows.stream().map(r -> new double[] {r[0], r[1], r[3]}).toList());
        return new double[] {1 / ab[0], ab[1], 0};
    }

    /**
     * Minimises sum (a x0 + b x1 + c x2 - y)^2 over rows {x0, x1, x2, y} by the normal equations (Cramer's rule); null
     * where they are singular (no row has experts, say).
     */
    static double[] solve3(List<double[]> rows) {
        double[][] m = new double[3][3];
        double[] v = new double[3];
        for (double[] r : rows) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[i][j] += r[i] * r[j];
                }
                v[i] += r[i] * r[3];
            }
        }
        double det = det3(m);
        if (!(Math.abs(det) > 1e-12 * Math.abs(m[0][0] * m[1][1] * m[2][2]))) {
            return null;
        }
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] mk = new double[3][];
            for (int i = 0; i < 3; i++) {
                mk[i] = m[i].clone();
                mk[i][k] = v[i];
            }
            out[k] = det3(mk) / det;
        }
        return out;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /**
     * The threads a row ran: its {@code threads}, else llama.cpp's default on the row's CPU (one per P-core on a hybrid
     * Intel part, else one per physical core), as the CPU the row was predicted on holds it.
     */
    static int threads(Validation.Prediction p) {
        return p.workload().platform().cpu().runThreads();
    }
}
