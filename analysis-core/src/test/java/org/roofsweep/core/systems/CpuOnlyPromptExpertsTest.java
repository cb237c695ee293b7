package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

class CpuOnlyPromptExpertsTest {
    private static final Calibration SHIPPED = TestCatalogs.CATALOGS.hardware().calibration();

    /**
     * Qwen3-30B-A3B on the Ryzen 9 7950X, a 64-token prompt in one ubatch: its tokens touch 128 x (1 - (120/128)^64)
     * = 128 x (1 - 0.016075) = 125.94 experts per layer (uniform routing), so the MUL_MAT_IDs multiply
     * 3 x 125.94 x 48 = 18135.7 expert matrices where the layer cost holds a token's 24 x 48 = 1152: 16983.7 more at
     * the shipped 6.64 us, 112.77 ms. A 512-token prompt touches all 128 (1 - 4.5e-15): (18432 - 1152) x 6.64 us =
     * 114.74 ms.
     */
    @Test
    void aPromptPaysTheFixedCostOfEveryExpertItsUbatchesTouch() {
        assertEquals(6.64e-6, SHIPPED.cpuExpertSeconds(), 1e-12);
        assertEquals(0.11277, seconds("qwen3_30b_a3b", 64), 1e-5);
        assertEquals(0.114739, seconds("qwen3_30b_a3b", 512), 1e-6);
        // two ubatches of 512 touch all 128 experts twice: (2 x 18432 - 1152) x 6.64 us = 237.13 ms
        assertEquals(0.237128, seconds("qwen3_30b_a3b", 1024), 1e-6);
        // a dense model pays nothing beyond its layers' cost
        assertEquals(0, seconds("llama2_7b", 512));
    }

    private static double seconds(String model, int prompt) {
        Workload w = Workload.text(TestCatalogs.model(model), TestCatalogs.platform("rtx4090+r9_7950x"), 1, prompt, 16);
        return CpuOnly.promptExpertSeconds(w, SHIPPED, RequestShape.of(w, SHIPPED));
    }
}
