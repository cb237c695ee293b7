package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

/**
 * layer-offload's prompt: with every layer on the CPU ({@code -ngl 0}) nothing crosses the link but the weights the
 * CUDA backend copies to multiply a prompt of at least 32 tokens on the GPU, so the link's busy time is that copy.
 */
class LayerOffloadPromptTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Precision Q4_K_M = new Precision(4.8, 16, 16);

    /**
     * Qwen3-30B-A3B at 0.6 B a weight, one 512-token ubatch: 48 whole layers of 18,874,368 attention + 128 x 3 x 2048
     * x 768 = 603,979,776 expert + 262,144 router + 4,096 norm weights = 623,120,384, x 0.6 B x 48 = 17.946 GB through
     * the pageable copy at 1 / (1 / 16 GB/s + 1 / (31.5 GB/s x 0.85)) = 10.015 GB/s = 1.7919 s, plus 48 x 10 us of
     * latency: 1.7923 s.
     */
    @Test
    void aFullUbatchCopiesEveryLayerWhole() {
        assertEquals(1.7923, linkSecondsOfThePrompt(512), 0.001 * 1.7923);
    }

    /**
     * A 40-token prompt uses 1 - (120/128)^40 = 0.924343 of each layer's experts, and only those are copied (llama.cpp
     * PR #15346); the attention, router and norms go whole: 48 x (19,140,608 + 603,979,776 x 0.924343) x 0.6 B =
     * 16.630 GB at 10.015 GB/s = 1.6605 s, plus the latency: 1.6609 s.
     */
    @Test
    void aShortPromptCopiesOnlyTheExpertsItUses() {
        assertEquals(1.6609, linkSecondsOfThePrompt(40), 0.001 * 1.6609);
    }

    /** Below 32 tokens the CPU multiplies its own layers: nothing is copied. */
    @Test
    void aPromptBelowTheOffloadBatchCopiesNothing() {
        assertEquals(0, linkSecondsOfThePrompt(16), 0);
    }

    private static double linkSecondsOfThePrompt(int promptTokens) {
        Workload w = Workload.text(TestCatalogs.model("qwen3_30b_a3b"), TestCatalogs.platform("rtx4090+r9_7950x", 64),
                1, promptTokens, 1).withPrecision(Q4_K_M).withGpuLayers(0);
        Result r = new LayerOffload().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        return r.transferSeconds();
    }
}
