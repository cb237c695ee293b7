package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.ops.Transformer;
import org.roofsweep.core.roofline.Roofline;

/** The image-token policies of the small VLMs: MobileVLM, InternVL2.5, MiniCPM-V 2.6, Pixtral. */
class ImageViewsTest {

    /** An image of {@code width x height} pixels becomes {@code views} encoder views of {@code patches}, and tokens. */
    @ParameterizedTest(name = "{0} {1}x{2}: {3} views of {4} patches, {5} tokens")
    @CsvSource(textBlock = """
            # MobileVLM: (336 / 14)^2 = 576 patches (+ CLS in the encoder); 2 x 2 -> 1: 576 / 4 = 144 LLM tokens
            mobilevlm_1_7b,    1024, 768,  1, 577,  144
            mobilevlm_v2_1_7b, 1024, 768,  1, 577,  144
            # InternVL2.5, the tile grid closest to the aspect ratio plus a thumbnail.
            # 448 x 448: aspect 1; 1x1 first; 2x2 ties on aspect but 448^2 is not > 0.5 x 448^2 x 4: one view, no
            # thumbnail; (448/14)^2 = 1024 patches + CLS; pixel shuffle 0.5: 1024 / 4 = 256 tokens
            internvl2_5_8b,    448,  448,  1, 1025, 256
            # 896 x 896: 2x2 ties 1x1 and 896^2 = 802,816 > 401,408, so 4 tiles; 3x3 needs > 903,168: no.
            # 4 + thumbnail = 5 views, 5 x 256 tokens
            internvl2_5_8b,    896,  896,  5, 1025, 1280
            # 1344 x 448: aspect 3 = 3x1 exactly; 6x2 ties but 602,112 is not > 0.5 x 448^2 x 12 = 1,204,224:
            # 3 + 1 views, 4 x 256 tokens
            internvl2_5_8b,    1344, 448,  4, 1025, 1024
            # MiniCPM-V 2.6 slices by area and gives 64 tokens per view.
            # 448 x 448: W H / 448^2 = 1, no slicing: the whole image only, 64 resampler queries over 32 x 32 patches
            minicpm_v_2_6,     448,  448,  1, 1024, 64
            # 1344 x 1344: ratio 9 -> 9 slices (10 is over max_slice_nums 9); 3x3 has log-aspect error 0: 1 + 9 views
            minicpm_v_2_6,     1344, 1344, 10, 1024, 640
            # 1000 x 500: ratio 500,000 / 200,704 = 2.49 -> multiple 3, candidates 2, 3, 4 slices; [2, 1] matches
            # log(1000/500) exactly: 1 + 2 views, 3 x 64 tokens
            minicpm_v_2_6,     1000, 500,  3, 1024, 192
            # Pixtral reads native resolution with a break token per row.
            # 1024 x 1024: 64 x 64 patches of 16 px, + 64 [IMG_BREAK]/[IMG_END]
            pixtral_12b,       1024, 1024, 1, 4096, 4160
            # 2048 x 1024 is scaled to 1024 x 512: 64 columns x 32 rows = 2048 patches + 32
            pixtral_12b,       2048, 1024, 1, 2048, 2080
            # 500 x 300: (499 // 16) + 1 = 32 columns, (299 // 16) + 1 = 19 rows: 608 + 19
            pixtral_12b,       500,  300,  1, 608,  627
            """)
    void anImageBecomesTheViewsAndTokensOfItsModelsPolicy(String model, int width, int height, int views,
            int patches, int tokens) {
        ImagePlan p = TestCatalogs.model(model).vision().plan(width, height);
        assertEquals(new ImagePlan(views, patches, tokens), p, model);
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
