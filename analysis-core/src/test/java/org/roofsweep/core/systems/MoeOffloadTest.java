package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

class MoeOffloadTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Precision Q4_K_M = new Precision(4.8, 16, 16);
    private static final ModelSpec QWEN3_30B_A3B = TestCatalogs.model("qwen3_30b_a3b");

    /**
     * Qwen3-30B-A3B Q4_K_M (4.8 bits = 0.6 B per weight) on an RTX 4090 + Ryzen 9 7950X, all 48 layers' experts on
     * the CPU ({@code -ot exps=CPU}), batch 1, 16-token prompt, 128 decode steps. Per step:
     * <ul>
     * <li>CPU: 48 layers x 8 experts x 3 x 2048 x 768 = 1,811,939,328 weights x 0.6 B = 1.0872 GB at the 7950X's
     * effective 63.33 GB/s (83.2 GB/s rated x the dual-channel efficiency 0.7612) x llama.cpp's fitted CPU memory
     * efficiency 0.840 = 53.20 GB/s = 20.437 ms (memory-bound: 3.6 GFLOP at 5.84 TFLOP/s is 0.62 ms);</li>
     * <li>GPU: 48 x (attention 18,874,368 + router 262,144) + head 311,164,928 = 1,229,716,352 weights x 0.6 B =
     * 737.8 MB at the calibrated CUDA memory efficiency (0.955 x the ada_geforce deviation 1.087, capped at 1) x 1008
     * GB/s = 0.732 ms, plus 48 layers of a one-token step split with the host, which today's builds replay as a CUDA
     * graph (PR #18934): 48 x 72.6 us = 3.485 ms;</li>
     * <li>link: 1 + 2 x 48 = 97 crossings of one 2048 x 4 B row: 97 x 10 us latency + 794,624 B at 31.5 GB/s x 0.85
     * = 0.970 + 0.030 ms;</li>
     * <li>CPU layer cost: ggml's barriers, 48 layers x 16 threads (every core of the 7950X) x 1.42 us = 1.091 ms, and
     * the expert matrices, 48 layers x 8 experts x 3 x 7.27 us = 8.375 ms: 9.466 ms.</li>
     * </ul>
     * Total 20.437 + 0.732 + 3.485 + 1.000 + 9.466 = 35.12 ms (37.57 with the 123.6 us per-kernel launches before
     * the graphs); the KV cache (at most 145 tokens x 48 x 2 KiB) and
     * activations add under 0.1 ms. The fitted figures (CPU memory, layer and expert-matrix costs, CUDA memory,
     * deviation and launch cost) are read from the calibration, so that {@code ./submit.sh calibrate} moves the sum,
     * not the arithmetic.
     */
    @Test
    void decodeOfQwen3_30bA3bWithAllExpertsOnTheRyzen7950xTakes35_1ms() {
        Platform p = TestCatalogs.platform("rtx4090+r9_7950x", 64);
        Workload w = Workload.text(QWEN3_30B_A3B, p, 1, 16, 129).withPrecision(Q4_K_M).toBuilder()
                .moeCpuLayers(48).build();
        Result r = new MoeOffload().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        assertEquals(0, r.gpuLayers());
        Efficiency g = CAL.gpu(p.gpu());
        double expected = 1.0872e9 / (63.33e9 * CAL.cpu().memory()) + 737.8e6 / (1008e9 * g.memory())
                + 48 * CAL.stepLayerOverheadSeconds(p.gpu(), 1, true) + 1.000e-3
                + 48 * 16 * CAL.cpu().layerOverheadSeconds()
                + 48 * 8 * 3 * CAL.cpuExpertSeconds();
        assertEquals(expected, r.tpotSeconds(), 0.01 * expected);
    }

    /**
     * Prompt processing as llama.cpp does it: a 512-token prompt is one ubatch of at least 32 tokens, so the CUDA
     * backend runs the CPU layers' expert products on the GPU and the scheduler first copies their weights over, from
     * the memory-mapped (pageable) file. With all 48 layers' experts on the CPU that copy is 48 x 128 experts x 3 x
     * 2048 x 768 = 28,991,029,248 weights x 0.6 B = 17.395 GB: the driver's staging copy on one CPU thread at 32 / 2 =
     * 16 GB/s (the calibrated per-thread rate counts reads and writes) = 1.0872 s, then the DMA at 31.5 GB/s x 0.85 =
     * 0.6497 s, plus 48 x 10 us of latency = 0.5 ms; 1.7373 s in all. Everything else (the whole graph on the GPU,
     * the prompt's hidden states over the link) is the same as with no expert on the CPU, so the two prefills differ
     * by exactly the copy.
     */
    @Test
    void prefillOfAUbatchCopiesEveryCpuExpertToTheGpuOnce() {
        assertEquals(1.7373, prefillCostOfEveryExpertOnTheCpu(512), 0.001 * 1.7373);
    }

    /**
     * A 40-token prompt is still offloaded (at least 32 tokens) but its one ubatch uses only some experts, and the
     * scheduler copies only those (llama.cpp PR #15346): 128 x (1 - (120/128)^40) = 118.32 of 128 experts, 0.92434 of
     * the 17.395 GB above = 16.079 GB, at the same 1 / (1 / 16 GB/s + 1 / 26.775 GB/s) = 10.015 GB/s = 1.6055 s, plus
     * the 48 x 10 us of latency: 1.6059 s more than with every expert on the GPU.
     */
    @Test
    void prefillOfAShortPromptCopiesOnlyTheExpertsItsTokensUse() {
        assertEquals(1.6059, prefillCostOfEveryExpertOnTheCpu(40), 0.001 * 1.6059);
    }

    /** Prefill seconds of a prompt with all 48 layers' experts on the CPU, less those with none there. */
    private static double prefillCostOfEveryExpertOnTheCpu(int promptTokens) {
        Workload none = Workload.text(QWEN3_30B_A3B, TestCatalogs.platform("rtx4090+r9_7950x", 64), 1, promptTokens,
                1).withPrecision(Q4_K_M).withMoeCpuLayers(0);
        Result gpu = new MoeOffload().evaluate(none, CAL);
        Result all = new MoeOffload().evaluate(none.withMoeCpuLayers(48), CAL);
        assertTrue(gpu.fits() && all.fits(), gpu.reason() + all.reason());
        return all.prefillSeconds() - gpu.prefillSeconds();
    }

    /** As users choose N: none on a 24 GB card (18.3 GB of weights fit), the fewest that fit on a 12 GB one. */
    @Test
    void theAutomaticSplitKeepsTheFewestExpertLayersOnTheCpu() {
        Workload big = Workload.text(QWEN3_30B_A3B, TestCatalogs.platform("rtx4090+r9_7950x", 64), 1, 512, 128)
                .withPrecision(Q4_K_M);
        assertEquals(48, new MoeOffload().evaluate(big, CAL).gpuLayers());
        Workload small = big.withPlatform(TestCatalogs.platform("rtx3060_12gb+i7_12700k", 64));
        Result auto = new MoeOffload().evaluate(small, CAL);
        assertTrue(auto.fits(), auto.reason());
        int cpuLayers = 48 - auto.gpuLayers();
        assertTrue(cpuLayers > 0 && cpuLayers < 48, "cpu layers " + cpuLayers);
        Result oneFewer = new MoeOffload().evaluate(small.toBuilder().moeCpuLayers(cpuLayers - 1).build(), CAL);
        assertFalse(oneFewer.fits(), "one fewer CPU layer should not fit");
    }

    @Test
    void aDenseModelIsRefused() {
        Workload w = Workload.text(TestCatalogs.model("llama2_7b"), TestCatalogs.platform("rtx4090+r9_7950x", 64), 1,
                16, 16);
        Result r = new MoeOffload().evaluate(w, CAL);
        assertFalse(r.fits());
        assertTrue(r.reason().contains("MoE"), r.reason());
    }
}
