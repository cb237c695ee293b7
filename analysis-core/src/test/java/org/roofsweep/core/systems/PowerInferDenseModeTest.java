package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

/**
 * PowerInfer on a model it cannot sparsify is llama.cpp: its dense mode is the layer split, so {@code powerinfer}
 * and {@code layer-offload} agree to the last digit wherever the model has no activation sparsity (PowerInfer README
 * FAQ 2: such models run "in a dense mode that works like llama.cpp -ngl", with no speedup).
 */
class PowerInferDenseModeTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final List<String> PLATFORMS =
            List.of("pc_high", "rtx3060_12gb+i7_12700k", "rtx4060ti_16gb+i7_12700k");
    private static final double RELATIVE = 1e-9;

    @Test
    void everyModelWithoutPublishedSparsityRunsAsLayerOffload() {
        int compared = 0;
        for (ModelSpec m : TestCatalogs.CATALOGS.models().models().values()) {
            if (m.sparsity() != null) {
                continue;
            }
            for (String key : PLATFORMS) {
                Platform p = TestCatalogs.platform(key, 64);
                for (int images : m.vision() == null ? new int[] {0} : new int[] {0, 1, 4}) {
                    for (double bits : new double[] {16, 4.5}) {
                        Workload w = Workload.text(m, p, 1, 64, 128).withPrecision(new Precision(bits, 16, 16))
                                .withImages(images, 336, 336);
                        Result pi = new PowerInfer().evaluate(w, CAL);
                        // the fork has no FlashAttention and no CUDA graphs: its dense mode is the layer split
                        // without them
                        Result lo = new LayerOffload().evaluate(w.toBuilder().flashAttention(false).build(),
                                CAL.withoutGraphCapture());
                        String what = m.key() + " on " + key + ", " + images + " images, " + bits + " bits";
                        assertEquals(PowerInfer.NAME, pi.system(), what);
                        String refusal = PowerInfer.forkRefusal(w);
                        if (refusal != null) {
                            // the fork's llava example encodes LLaVA-1.5-style images only (ForkVisionModelsTest)
                            assertTrue(images > 0 && !pi.fits() && pi.reason().equals(refusal), what + ": "
                                    + pi.reason());
                            continue;
                        }
                        assertEquals(ExecutionMode.DENSE_MODE, pi.mode(), what);
                        assertEquals(lo.fits(), pi.fits(), what);
                        assertEquals(lo.reason(), pi.reason(), what);
                        assertEquals(lo.gpuBytes(), pi.gpuBytes(), 0, what);
                        assertEquals(lo.gpuLayers(), pi.gpuLayers(), what);
                        if (lo.fits()) {
                            assertRelative(lo.decodeTokensPerSecond(), pi.decodeTokensPerSecond(), what);
                            assertRelative(lo.ttftSeconds(), pi.ttftSeconds(), what);
                            compared++;
                        }
                    }
                }
            }
        }
        // 23 catalog models have no published sparsity; most fit at least one platform at 4.5 bits
        assertTrue(compared > 40, "only " + compared + " points fitted");
    }

    /**
     * At a low sparsity set by the sweep (a hypothetical ReLU-fied variant with predictors), PowerInfer either wins on
     * its sparse path or falls back to its dense mode, which again is the layer split, never a neuron split of dense
     * FFNs.
     */
    @Test
    void aSparsePathSlowerThanTheDenseModeFallsBackToTheLayerSplit() {
        int fallbacks = 0;
        int sparse = 0;
        for (String model : List.of("llama2_7b", "llama2_13b", "llava_1_5_13b", "mistral_7b")) {
            ModelSpec m = TestCatalogs.model(model);
            for (String key : PLATFORMS) {
                for (double s : new double[] {0.01, 0.1, 0.5, 0.9}) {
                    Workload w = Workload.text(m, TestCatalogs.platform(key, 64), 1, 64, 128).withSparsity(s);
                    Result pi = new PowerInfer().evaluate(w, CAL);
                    Result lo = new LayerOffload().evaluate(w.toBuilder().flashAttention(false).build(),
                            CAL.withoutGraphCapture());
                    String what = model + " on " + key + " at sparsity " + s;
                    if (pi.mode() == ExecutionMode.DENSE_MODE) {
                        fallbacks++;
                        assertRelative(lo.e2eSeconds(), pi.e2eSeconds(), what);
                        assertRelative(lo.decodeTokensPerSecond(), pi.decodeTokensPerSecond(), what);
                    } else {
                        sparse++;
                        assertEquals(ExecutionMode.SPARSE, pi.mode(), what);
                        assertTrue(!lo.fits() || pi.e2eSeconds() < lo.e2eSeconds(), what + ": sparse path "
                                + pi.e2eSeconds() + " s kept over the dense mode's " + lo.e2eSeconds() + " s");
                    }
                }
            }
        }
        assertTrue(fallbacks > 0 && sparse > 0, fallbacks + " fallbacks, " + sparse + " sparse runs");
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * RELATIVE, what);
    }
}
