package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.Transformer;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.Roofline;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.Result;

class VisionTest {
    private static final ModelSpec LLAVA_7B = TestCatalogs.model("llava_1_5_7b");

    @Test
    void clipVitL14At336MakesFiveHundredSeventySixTokens() {
        ImagePlan p = LLAVA_7B.vision().plan(1024, 768);
        // (336 / 14)^2 = 24^2 = 576 patches; the encoder also carries the CLS token
        assertEquals(576, p.llmTokens());
        assertEquals(577, p.tokensPerView());
        assertEquals(1, p.views());
    }

    @Test
    void clipVitL14At336CostsAboutZeroPointFourTeraflopsPerImage() {
        VisionSpec v = LLAVA_7B.vision();
        double flops = v.layersUsed() * Roofline.flops(Transformer.encoderLayer(v, 1, 577, true))
                + Roofline.flops(Transformer.projector(v, 576));
        // linear layers: 2 x 577 x (4 x 1024^2 + 2 x 1024 x 4096) = 14.52 GFLOP per layer, x 23 layers = 334.0 GFLOP
        // attention: 4 x 16 heads x 577^2 x 64 + 5 x 16 x 577^2 = 1.39 GFLOP per layer, x 23 = 32.0 GFLOP
        // norms, GELU, residuals: about 0.6 GFLOP; projector: 2 x 576 x (1024 x 4096 + 4096 x 4096) = 24.2 GFLOP
        assertEquals(391e9, flops, 2e9);
        // rule of thumb: about 2 FLOPs per parameter per token, 2 x 0.3 G parameters x 577 tokens, plus attention
        assertTrue(v.parameters() > 0.28e9 && v.parameters() < 0.33e9, "params " + v.parameters());
    }

    @Test
    void anyResTilesFollowTheBestGrid() {
        VisionSpec v = TestCatalogs.model("llava_1_6_vicuna_7b").vision();
        // 672x672 fits the 2x2 grid exactly: base view + 4 tiles = 5 x 576 = 2880 tokens (llama.cpp's count)
        assertEquals(2880, v.plan(672, 672).llmTokens());
        // a 336x336 image is no larger than a 336 px tile on either side: mtmd's get_slice_instructions skips the
        // tiles, the base view alone: 576 tokens (it was 1 + 2 tiles = 1728 before the slicing rule was mirrored)
        assertEquals(576, v.plan(336, 336).llmTokens());
        // 337x336 is larger: 336x672 scales it by 336/337 and drops a row and a column; 672x336 keeps all
        // 337 x 336 = 113,232 pixels at scale 1 with the least padding of those that do: base + 2 tiles = 3 x 576
        assertEquals(1728, v.plan(337, 336).llmTokens());
        // a wide 1008x336 image: the 3x1 grid, base + 3 tiles
        assertEquals(4 * 576, v.plan(1008, 336).llmTokens());
    }

    @Test
    void qwen2VlMergesTwoByTwoPatchesPerToken() {
        VisionSpec v = TestCatalogs.model("qwen2_vl_7b").vision();
        // 448 / 28 = 16 per side: 256 LLM tokens from 32 x 32 = 1024 encoder patches
        ImagePlan p = v.plan(448, 448);
        assertEquals(256, p.llmTokens());
        assertEquals(1024, p.tokensPerView());
        // 1344 / 28 = 48 per side: 2304 tokens
        assertEquals(2304, v.plan(1344, 1344).llmTokens());
    }

    @Test
    void llava7bTimeToFirstTokenOnRtx4090IsMostlyLlmPrefill() {
        Workload w = Workload.text(LLAVA_7B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, 32, 16)
                .withImages(1, 336, 336);
        Result r = new DenseGpu().evaluate(w, TestCatalogs.CATALOGS.hardware().calibration());
        assertTrue(r.fits(), r.reason());
        assertEquals(608, r.promptTokens());
        // vision: 23 x 2 x 12.59 M x 577 = 334 GFLOP of projections, 23 x 4 x 577^2 x 1024 = 31.4 GFLOP of attention,
        // 2 x 576 x (1024 x 4096 + 4096 x 4096) = 24.2 GFLOP of projector, 389.6 GFLOP at llama.cpp's CLIP-graph rate,
        // 0.196 x 330.3 x 0.4576 (vision factor x FP16-accumulate peak x the CUDA F16 GEMM 0.716 x ada_geforce 1.063 =
        // 0.7611 under the 450 W limit, 1 / (1 / 0.7611 + 1.187 pJ x 330.3 TFLOPS / 450 W) = 0.4576) = 29.62 TFLOPS:
        // 13.15 ms, plus the memory-bound norms and GELUs the FLOP count leaves at the F16 rate (about 0.5 ms) and the
        // one view's graph launching its 23 layers at CUDA's 78.9 us a layer (the RTX 4090 runs at the launch clock,
        // 2520 MHz), 1.81 ms: 15.5 ms
        assertEquals(0.0155, r.visionSeconds(), 0.0155 * 0.05);
        // LLM prefill: ~2 x 6.7e9 x 608 = 8.2 TFLOP at 146.6 TFLOPS, about 56 ms: still the larger part
        assertTrue(r.prefillSeconds() > 2 * r.visionSeconds(),
                "prefill " + r.prefillSeconds() + " s vs vision " + r.visionSeconds() + " s");
        assertEquals(r.visionSeconds() + r.prefillSeconds(), r.ttftSeconds(), 1e-12);
    }

    @Test
    void textOnlyModelsRejectImages() {
        Workload w = Workload.text(TestCatalogs.model("llama2_7b"), TestCatalogs.platform("pc_high"), 1, 32, 16)
                .withImages(1, 336, 336);
        Result r = new DenseGpu().evaluate(w, TestCatalogs.CATALOGS.hardware().calibration());
        assertTrue(!r.fits() && r.reason().contains("no vision tower"), r.reason());
    }

    /**
     * Pixtral's tower has a gated MLP: per layer 4 x 1024^2 + 3 x 1024 x 4096 + 4 x 1024 = 16,781,312, x 24 layers =
     * 402,751,488 (the "400M" encoder); patch embedding 3 x 16^2 x 1024 = 786,432; positions 64^2 x 1024 = 4,194,304;
     * projector 1024 x 5120 + 5120 + 5120^2 + 5120 = 31,467,520: 439,199,744 in all. Its fc1 carries the gate and up
     * matrices: 2 x 4096 tokens x 1024 x 4096 x 2 = 68.7 GFLOP per layer for a 1024 px image.
     */
    @Test
    void pixtralsGatedTowerIsTheFourHundredMillionEncoder() {
        VisionSpec v = TestCatalogs.model("pixtral_12b").vision();
        assertEquals(439_199_744.0, v.parameters(), 0);
        Op fc1 = Arrays.stream(Transformer.encoderLayer(v, 1, 4096, true))
                .filter(o -> o.name().equals("vit_fc1")).findFirst().orElseThrow();
        assertEquals(68_719_476_736.0, fc1.flops(), 0);
    }
}
