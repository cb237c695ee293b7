package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.ops.Transformer;
import org.roofsweep.core.roofline.Roofline;

/** The image-token policies of the small VLMs: MobileVLM, InternVL2.5, MiniCPM-V 2.6, Pixtral. */
class ImageViewsTest {

    @Test
    void mobileVlmDownsamplesFiveHundredSeventySixPatchesToOneHundredFortyFourTokens() {
        for (String key : new String[] {"mobilevlm_1_7b", "mobilevlm_v2_1_7b"}) {
            ImagePlan p = TestCatalogs.model(key).vision().plan(1024, 768);
            // (336 / 14)^2 = 576 patches (+ CLS in the encoder); 2 x 2 -> 1: 576 / 4 = 144 LLM tokens
            assertEquals(new ImagePlan(1, 577, 144), p, key);
        }
    }

    @Test
    void internVlTakesTheTileGridClosestToTheAspectRatioPlusAThumbnail() {
        VisionSpec v = TestCatalogs.model("internvl2_5_8b").vision();
        // 448 x 448: aspect 1; 1x1 first; 2x2 ties on aspect but 448^2 is not > 0.5 x 448^2 x 4: one view, no thumbnail;
        // (448/14)^2 = 1024 patches + CLS; pixel shuffle 0.5: 1024 / 4 = 256 tokens
        assertEquals(new ImagePlan(1, 1025, 256), v.plan(448, 448));
        // 896 x 896: 2x2 ties 1x1 and 896^2 = 802,816 > 401,408, so 4 tiles; 3x3 needs > 903,168: no. 4 + thumbnail
        assertEquals(new ImagePlan(5, 1025, 5 * 256), v.plan(896, 896));
        // 1344 x 448: aspect 3 = 3x1 exactly; 6x2 ties but 602,112 is not > 0.5 x 448^2 x 12 = 1,204,224: 3 + 1 views
        assertEquals(new ImagePlan(4, 1025, 4 * 256), v.plan(1344, 448));
    }

    @Test
    void miniCpmVSlicesByAreaAndGivesSixtyFourTokensPerView() {
        VisionSpec v = TestCatalogs.model("minicpm_v_2_6").vision();
        // 448 x 448: W H / 448^2 = 1, no slicing: the whole image only, 64 resampler queries over 32 x 32 patches
        assertEquals(new ImagePlan(1, 1024, 64), v.plan(448, 448));
        // 1344 x 1344: ratio 9 -> 9 slices (10 is over max_slice_nums 9); 3x3 has log-aspect error 0: 1 + 9 views
        assertEquals(new ImagePlan(10, 1024, 640), v.plan(1344, 1344));
        // 1000 x 500: ratio 500,000 / 200,704 = 2.49 -> multiple 3, candidates 2, 3, 4 slices; [2, 1] matches
        // log(1000/500) exactly: 1 + 2 views
        assertEquals(new ImagePlan(3, 1024, 192), v.plan(1000, 500));
    }

    @Test
    void pixtralReadsNativeResolutionWithABreakTokenPerRow() {
        VisionSpec v = TestCatalogs.model("pixtral_12b").vision();
        // 1024 x 1024: 64 x 64 patches of 16 px, + 64 [IMG_BREAK]/[IMG_END]
        assertEquals(new ImagePlan(1, 4096, 4160), v.plan(1024, 1024));
        // 2048 x 1024 is scaled to 1024 x 512: 64 columns x 32 rows = 2048 patches + 32
        assertEquals(new ImagePlan(1, 2048, 2080), v.plan(2048, 1024));
        // 500 x 300: (499 // 16) + 1 = 32 columns, (299 // 16) + 1 = 19 rows: 608 + 19
        assertEquals(new ImagePlan(1, 608, 627), v.plan(500, 300));
    }

    @Test
    void miniCpmVResamplerCostsAboutSixtySevenGigaflopsPerView() {
        VisionSpec v = TestCatalogs.model("minicpm_v_2_6").vision();
        double flops = Roofline.flops(Transformer.projector(v, 64));
        // kv_proj: 2 x 1024 patches x 1152 x 3584 = 8.456 GFLOP; K and V: 2 x 2 x 1024 x 3584^2 = 52.613 GFLOP;
        // Q: 2 x 64 x 3584^2 = 1.644 GFLOP; QK^T and AV: 4 x 64 x 1024 x 3584 = 0.940 GFLOP;
        // out_proj and proj: 2 x 2 x 64 x 3584^2 = 3.288 GFLOP; total 66.941 GFLOP
        assertEquals(66_941_091_840.0, flops, 1);
        // parameters: 1152 x 3584 + 5 x 3584^2 = 4,128,768 + 64,225,280
        assertEquals(68_354_048.0, v.projector().parameters(), 0);
    }
}
