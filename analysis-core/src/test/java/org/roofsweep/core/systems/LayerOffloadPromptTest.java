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
 * CUDA backend copies to multiply a prompt of at least 32 tokens on the GPU, and, the scheduler running the ops between
 * those products on the GPU too, each layer's K and V views from the host cache and its new K and V back into it: the
 * link's busy time is those copies, and the CPU computes nothing of the prompt.
 */
class LayerOffloadPromptTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Precision Q4_K_M = new Precision(4.8, 16, 16);
    /** One layer's K and V of a token: 2 x 512 (4 KV heads of 128) x 2 B. */
    private static final double KV_ROW_BYTES = 2048;
    /** The pageable copy's rate: 1 / (1 / 16 GB/s + 1 / (31.5 GB/s x 0.85)) = 10.015 GB/s. */
    private static final double PAGEABLE = 1 / (1 / 16e9 + 1 / (31.5e9 * 0.85));

    /**
     * Qwen3-30B-A3B at 0.6 B a weight, one 512-token ubatch: 48 whole layers of 18,874,368 attention + 128 x 3 x 2048
     * x 768 = 603,979,776 expert + 262,144 router + 4,096 norm weights = 623,120,384, x 0.6 B x 48 = 17.946 GB through
     * the pageable copy at 10.015 GB/s = 1.7919 s, plus 48 x 10 us of latency; the K and V views of 512 cells up and
     * the 512 new rows down, 48 x 1024 x 2048 B = 100,663,296 B at 10.015 GB/s = 0.010051 s, in 48 x 4 copies of 10 us
     * (1.92 ms): 1.8044 s.
     */
    @Test
    void aFullUbatchCopiesEveryLayerWhole() {
        double kv = 48 * 1024 * KV_ROW_BYTES / PAGEABLE + 48 * 4 * 10e-6;
        assertEquals(0.011971, kv, 1e-6);
        assertEquals(1.8044, linkSecondsOfThePrompt(512, 512, CAL), 0.001 * 1.8044);
    }

    /**
     * A 40-token prompt uses 1 - (120/128)^40 = 0.924343 of each layer's experts, and only those are copied (llama.cpp
     * PR #15346); the attention, router and norms go whole: 48 x (19,140,608 + 603,979,776 x 0.924343) x 0.6 B =
     * 16.630 GB at 10.015 GB/s = 1.6605 s, plus the latency (0.48 ms) and the 40-cell views and rows, 48 x 80 x 2048 B
     * = 7,864,320 B (0.785 ms) in 192 copies (1.92 ms): 1.6637 s.
     */
    @Test
    void aShortPromptCopiesOnlyTheExpertsItUses() {
        assertEquals(1.6637, linkSecondsOfThePrompt(40, 512, CAL), 0.001 * 1.6637);
    }

    /** Below 32 tokens the CPU multiplies its own layers: nothing is copied. */
    @Test
    void aPromptBelowTheOffloadBatchCopiesNothing() {
        assertEquals(0, linkSecondsOfThePrompt(16, 512, CAL), 0);
    }

    /**
     * With {@code --no-mmap} the weights sit in the GPU's pinned host buffer: 17.946 GB at 31.5 GB/s x 0.85 = 26.775
     * GB/s = 0.67026 s and 0.48 ms of latency, the cache's views and rows still pageable (0.011971 s): 0.68271 s.
     */
    @Test
    void weightsLoadedWithoutMmapCrossAtThePinnedRate() {
        assertEquals(0.68271, linkSecondsOfThePrompt(512, 512, CAL.withPinnedHostWeights()), 0.001 * 0.68271);
    }

    /**
     * A 2048-token prompt in ubatches of 512 copies the weights 4 times (4 x 17.946 GB, 7.1677 s, 192 copies); in one
     * ubatch of 2048 ({@code -ub 2048}) once (1.7919 s, 48 copies). The views: 512 + 1024 + 1536 + 2048 cells up and
     * 2048 rows down, 48 x 7168 x 2048 B (0.070352 s), against 2048 + 2048 (0.040201 s), in 192 copies each (1.92 ms).
     */
    @Test
    void aLargerUbatchCopiesTheWeightsFewerTimes() {
        double small = 4 * 1.7919 + 192 * 10e-6 + 48 * 7168 * KV_ROW_BYTES / PAGEABLE + 192 * 4 * 10e-6;
        double large = 1.7919 + 48 * 10e-6 + 48 * 4096 * KV_ROW_BYTES / PAGEABLE + 48 * 4 * 10e-6;
        assertEquals(small, linkSecondsOfThePrompt(2048, 512, CAL), 0.001 * small);
        assertEquals(large, linkSecondsOfThePrompt(2048, 2048, CAL.withUbatchTokens(2048)), 0.001 * large);
    }

    /**
     * Every op of an offloaded prompt runs on the GPU, so the CPU's busy time is the one decode step's whatever the
     * prompt's length (32 or 512 tokens: within 2%, the step's attention over 33 or 513 cells apart, 1.4%); a 16-token
     * prompt stays on the CPU and adds its own time.
     */
    @Test
    void theCpuComputesNoneOfAnOffloadedPrompt() {
        double at32 = run(32, CAL).cpuBusySeconds();
        double at512 = run(512, CAL).cpuBusySeconds();
        assertEquals(at32, at512, 0.02 * at32);
        assertTrue(run(16, CAL).cpuBusySeconds() > 2 * at32);
    }

    private static Workload workload(int promptTokens) {
        return Workload.text(TestCatalogs.model("qwen3_30b_a3b"), TestCatalogs.platform("rtx4090+r9_7950x", 64),
                1, promptTokens, 1).withPrecision(Q4_K_M).withGpuLayers(0);
    }

    private static Result run(int promptTokens, Calibration c) {
        Result r = new LayerOffload().evaluate(workload(promptTokens), c);
        assertTrue(r.fits(), r.reason());
        return r;
    }

    private static double linkSecondsOfThePrompt(int promptTokens, int ubatch, Calibration c) {
        assertEquals(ubatch, c.runtime().ubatchTokens());
        return run(promptTokens, c).transferSeconds();
    }
}
