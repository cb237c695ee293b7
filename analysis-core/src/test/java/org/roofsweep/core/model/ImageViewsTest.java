package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.ops.Transformer;
import org.roofsweep.core.roofline.Roofline;

/** The image-token policies of the catalog's VLMs, as llama.cpp's mtmd applies them. */
class ImageViewsTest {

    /**
     * An image of {@code width x height} pixels becomes {@code views} encoder views of {@code patches}, and tokens,
     * as llama.cpp's mtmd makes them (tools/mtmd/clip.cpp and mtmd-image.cpp at ggml-org/llama.cpp 04f6fef).
     */
    @ParameterizedTest(name = "{0} {1}x{2}: {3} views of {4} patches, {5} tokens")
    @CsvSource(textBlock = """
            # MobileVLM (LDP, LDPv2): fixed_size preprocessor, (336 / 14)^2 = 576 patches (+ CLS in the encoder);
            # clip_n_output_tokens: n_patches / 4 = 144 LLM tokens, whatever the image size
            mobilevlm_1_7b,    1024, 768,  1, 577,  144
            mobilevlm_v2_1_7b, 1024, 768,  1, 577,  144
            # Gemma 3: fixed 896 px, (896 / 14)^2 = 4096 patches, no CLS; n_merge 4: 4096 / 16 = 256 tokens
            gemma_3_4b,        1920, 1080, 1, 4096, 256
            # LLaVA-1.6 (pinpoints 336x672, 672x336, 672x672, 1008x336, 336x1008): 1000 x 600 is larger than 336
            # px, so sliced; select_best_resolution: 672x672 scales by min(0.672, 1.12) = 0.672 to 672 x 403 =
            # 270,816 pixels kept, more than 672x336 (560 x 336 = 188,160) or 1008x336 (560 x 336): base + 4
            # tiles = 5 views of 576 patches (+ CLS), 2880 tokens
            llava_1_6_vicuna_13b, 1000, 600, 5, 577, 2880
            # LLaVA-1.6 at 336 x 336: no side over 336, no slicing: the base view, 576 tokens
            llava_1_6_vicuna_13b, 336, 336,  1, 577,  576
            # InternVL2.5 (mtmd: LLaVA-UHD slicing over every a x b <= 12 grid of 448 px tiles, thumbnail last).
            # 448 x 448: no side over 448: one view; (448/14)^2 = 1024 patches + CLS; pixel shuffle 0.5: 256
            internvl2_5_8b,    448,  448,  1, 1025, 256
            # 896 x 896: 2x2 keeps all 802,816 pixels with no padding: 4 tiles + thumbnail = 5 x 256 tokens
            internvl2_5_8b,    896,  896,  5, 1025, 1280
            # 1344 x 448: 3x1 exactly: 3 + 1 views, 4 x 256
            internvl2_5_8b,    1344, 448,  4, 1025, 1024
            # 1344 x 896: 3x2 exactly: 6 + 1 views, 1792 tokens (the 'image embedding created: 1792 tokens' of
            # the image-encode rows' 3 x 2 tile image)
            internvl2_5_8b,    1344, 896,  7, 1025, 1792
            # 500 x 400: 1 x b grids scale by 0.896 to 448 x 358 = 160,384 pixels; 2x1 (896 x 448) scales by
            # min(1.792, 1.12) = 1.12 to 560 x 448, keeping all 200,000: 2 tiles + thumbnail = 3 x 256 = 768
            # (InternVL's own closest-aspect rule would take 4x3, 13 views)
            internvl2_5_8b,    500,  400,  3, 1025, 768
            # MiniCPM-V 2.6: 64 resampler tokens per view over 32 x 32 patches.
            # 448 x 448: no side over 448: the overview alone
            minicpm_v_2_6,     448,  448,  1, 1024, 64
            # 1344 x 1344: ratio 9 -> multiple 9, candidates 8 and 9 slices (10 is over 9); 3x3 has log-aspect
            # error 0: 1 + 9 views, 640 tokens
            minicpm_v_2_6,     1344, 1344, 10, 1024, 640
            # 1000 x 500: ratio 500,000 / 200,704 = 2.49 -> multiple 3, candidates 2, 3, 4 slices; [2, 1] matches
            # log(1000/500) exactly: 1 + 2 views, 3 x 64 tokens
            minicpm_v_2_6,     1000, 500,  3, 1024, 192
            # 600 x 300: 600 > 448, so sliced though 180,000 / 200,704 = 0.90 -> multiple 1: candidates 0 (no
            # grid) and 2 slices; [2, 1] has error 0: 1 + 2 views, 192 tokens
            minicpm_v_2_6,     600,  300,  3, 1024, 192
            # Pixtral: smart resize within 8 .. 1024 patches of 16 px (262,144 pixels), one break token per row.
            # 1024 x 1024: 1,048,576 > 262,144, beta = 2: 512 x 512, 32 x 32 = 1024 patches + 32 = 1056
            pixtral_12b,       1024, 1024, 1, 1024, 1056
            # 2048 x 1024: beta = sqrt(8) = 2.828; floor(724.08 / 16) = 45 columns, floor(362.04 / 16) = 22
            # rows: 990 patches + 22 = 1012
            pixtral_12b,       2048, 1024, 1, 990,  1012
            # 500 x 300: round(31.25) = 31 columns, round(18.75) = 19 rows = 496 x 304 px, under the cap:
            # 589 patches + 19 = 608
            pixtral_12b,       500,  300,  1, 589,  608
            # Qwen2.5-VL: smart resize to 28 px units within 8 .. 4096 tokens (6,272 .. 3,211,264 pixels).
            # 1920 x 1080: round(68.57) = 69, round(38.57) = 39 -> 1932 x 1092 = 2,109,744 px, inside:
            # 69 x 39 = 2691 tokens over 4 x 2691 = 10,764 patches
            qwen2_5_vl_7b,     1920, 1080, 1, 10764, 2691
            # 4000 x 3000: 4004 x 2996 is over; beta = sqrt(12,000,000 / 3,211,264) = 1.9331: floor(2069.2 / 28)
            # = 73, floor(1551.9 / 28) = 55: 4015 tokens (the Hugging Face default, 16,384, would keep 15,301)
            qwen2_5_vl_7b,     4000, 3000, 1, 16060, 4015
            # 56 x 56: 2 x 2 = 4 tokens, under 8: beta = sqrt(6272 / 3136) = 1.414: ceil(2.83) = 3 per side, 9
            qwen2_5_vl_7b,     56,   56,   1, 36,   9
            """)
    void anImageBecomesTheViewsAndTokensOfItsModelsPolicy(String model, int width, int height, int views,
            int patches, int tokens) {
        ImagePlan p = TestCatalogs.model(model).vision().plan(width, height);
        assertEquals(new ImagePlan(views, patches, tokens), p, model);
    }

    @Test
    void mobileVlmsProjectorMlpRunsOverAllFiveHundredSeventySixPatches() {
        VisionSpec v = TestCatalogs.model("mobilevlm_v2_1_7b").vision();
        double flops = Roofline.flops(Transformer.projector(v, 144));
        // llama.cpp's LDPv2 graph: the MLP over 24 x 24 = 576 patches, then the 2 x 2 pooling to 144 tokens:
        // fc1 2 x 576 x 1024 x 2048 = 2,415,919,104; GELU 8 x 576 x 2048 = 9,437,184; fc2 2 x 576 x 2048^2 =
        // 4,831,838,208; total 7,257,194,496 (a quarter of it if charged over the 144 tokens)
        assertEquals(7_257_194_496.0, flops, 1);
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
