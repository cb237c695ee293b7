package org.roofsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.systems.PowerInfer;

/**
 * The default sweep keeps q8_0 and q4_k_m, which the dense systems run and PowerInfer's fork does not: its sparse
 * points at those formats are rows with fits = false and the reason, never errors (every sampled point evaluates).
 */
class DefaultSweepFormatsTest {
    /** A prime stride through the 1,016,064 points: about 4,800 of them, every axis digit varying. */
    private static final long STRIDE = 211;

    @Test
    void powerInferSparsePointsAtQ8AndQ4KmAreRowsThatDoNotFitWithTheReason() {
        SweepPlan plan = SweepConfigFile.load(Path.of("configs", "sweeps", "default.json"), TestCatalogs.CATALOGS,
                SweepConfigFile.DEFAULT_MAX_POINTS);
        assertEquals(1_016_064, plan.size());
        int refused = 0;
        int q4Run = 0;
        for (long i = 0; i < plan.size(); i += STRIDE) {
            Evaluation e = plan.evaluate(i);
            if (e == null || !e.point().system().equals(PowerInfer.NAME) || e.point().sparsity() <= 0) {
                continue;
            }
            String what = e.point().toString();
            if (Set.of("q8_0", "q4_k_m").contains(e.point().weightFormat())) {
                String reason = e.result().reason();
                assertFalse(e.result().fits(), what);
                // an image request the fork's llava example cannot encode is refused for that first
                assertTrue(reason.contains("F16 and Q4_0 weights only") || reason.contains("llava example"),
                        what + ": " + reason);
                refused += reason.contains("F16 and Q4_0 weights only") ? 1 : 0;
            } else {
                q4Run += e.result().reason().contains("F16 and Q4_0") ? 0 : 1;
            }
        }
        assertTrue(refused > 100, "only " + refused + " refused points sampled");
        assertTrue(q4Run > 50, "f16 points should not carry the format refusal");
    }
}
