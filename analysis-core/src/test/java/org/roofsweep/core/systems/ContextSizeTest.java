package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.ContextSize;
import org.roofsweep.core.request.Workload;

/**
 * The KV cache is reserved for the runtime's context size before the first token (llama_kv_cache_init: n_layer x
 * n_ctx x n_embd_gqa, K and V), so the GPU layer count follows n_ctx, not the number of images.
 */
class ContextSizeTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    private static Workload llava13b(int images, int contextSize) {
        return Workload.text(TestCatalogs.model("llava_1_5_13b"), TestCatalogs.platform("rtx4090+i7_12700k", 64), 1,
                64, 128).toBuilder().images(images, 336, 336).contextSize(contextSize).build();
    }

    /**
     * LLaVA-1.5-7B (32 layers, 32 KV heads of 128) under llama.cpp's default context of 4096 tokens: 32 x 4096 x
     * (2 x 4096) x 2 B = 2,147,483,648 B = 2 GiB, whether the request holds 192 tokens or 4 images (2496).
     */
    @Test
    void llamaCppReservesItsDefaultContextWhateverTheRequest() {
        for (int images : new int[] {0, 4}) {
            Workload w = Workload.text(TestCatalogs.model("llava_1_5_7b"), TestCatalogs.platform("rtx4090+i7_12700k",
                    64), 1, 64, 128).toBuilder().images(images, 336, 336).contextSize(ContextSize.RUNTIME).build();
            Result r = new DenseGpu().evaluate(w, CAL);
            assertEquals(4096, r.reservedContextTokens());
            assertEquals(2_147_483_648.0, r.kvBytes(), 1);
        }
    }

    /**
     * n_ctx is ONE total for the batch's sequences (the fork's llama_kv_cache_init: n_ctx cells shared by every
     * sequence; llama.cpp: n_ctx / n_seq_max each). LLaVA-1.5-7B, 1 image (64 + 576 + 128 = 768 tokens a sequence),
     * K and V of 32 layers x 4096 x 2 B = 524,288 B a cell. B = 1 under the runtime default: max(4096, 768) = 4096
     * cells, 4096 x 524,288 B = 2,147,483,648 B (2 GiB). B = 16: max(4096, 16 x 768 = 12,288) = 12,288 cells,
     * 12,288 x 524,288 B = 6,442,450,944 B (6 GiB), not 16 x 4096 cells (32 GiB). Under "request" B = 1 reserves its
     * 768 cells, 402,653,184 B, and B = 16 the same 12,288 cells as the runtime default.
     */
    @Test
    void theBatchSharesOneContextOfNCtxCells() {
        DenseGpu dense = new DenseGpu();
        Workload one = Workload.text(TestCatalogs.model("llava_1_5_7b"), TestCatalogs.platform("rtx4090+i7_12700k",
                64), 1, 64, 128).toBuilder().images(1, 336, 336).contextSize(ContextSize.RUNTIME).build();
        Workload sixteen = one.toBuilder().batch(16).build();
        Result r1 = dense.evaluate(one, CAL);
        Result r16 = dense.evaluate(sixteen, CAL);
        assertEquals(4096, r1.reservedContextTokens());
        assertEquals(2_147_483_648.0, r1.kvBytes(), 1);
        assertEquals(12_288, r16.reservedContextTokens());
        assertEquals(6_442_450_944.0, r16.kvBytes(), 1);
        Result q1 = dense.evaluate(one.toBuilder().contextSize(ContextSize.REQUEST).build(), CAL);
        Result q16 = dense.evaluate(sixteen.toBuilder().contextSize(ContextSize.REQUEST).build(), CAL);
        assertEquals(402_653_184.0, q1.kvBytes(), 1);
        assertEquals(r16.kvBytes(), q16.kvBytes(), 0);
    }

    /**
     * A fixed n_ctx of 4096 holds 5 sequences of 768 tokens (3840 cells) but not 6 (4608): fits = false, and the
     * reason names n_ctx and the batch's cells.
     */
    @Test
    void aBatchOutgrowingAFixedNCtxDoesNotFit() {
        Workload w = Workload.text(TestCatalogs.model("llava_1_5_7b"), TestCatalogs.platform("rtx4090+i7_12700k",
                64), 5, 64, 128).toBuilder().images(1, 336, 336).contextSize(4096).build();
        assertTrue(new LayerOffload().evaluate(w, CAL).fits());
        Result r = new LayerOffload().evaluate(w.toBuilder().batch(6).build(), CAL);
        assertFalse(r.fits());
        assertTrue(r.reason().contains("batch 6 x context 768 tokens") && r.reason().contains("4608 KV cells")
                && r.reason().contains("context_size (n_ctx) of 4096"), r.reason());
    }

    /**
     * LLaVA-1.5-13B FP16 (26 GB) does not fit the 4090, so layer-offload places as many layers as fit. At the runtime
     * context each layer's cache is 4096 x 2 x 5120 x 2 B = 83.9 MB whatever the images (0: 192 tokens, 4: 2496), so
     * the layer count is the same; sized to the request instead (llama-bench), 4 images take 13x the cache and
     * fewer layers fit.
     */
    @Test
    void theGpuLayerCountDoesNotChangeWithTheNumberOfImages() {
        LayerOffload lo = new LayerOffload();
        Result none = lo.evaluate(llava13b(0, ContextSize.RUNTIME), CAL);
        Result four = lo.evaluate(llava13b(4, ContextSize.RUNTIME), CAL);
        assertTrue(none.fits() && four.fits());
        assertTrue(none.gpuLayers() > 0 && none.gpuLayers() < 40, "" + none.gpuLayers());
        assertEquals(none.gpuLayers(), four.gpuLayers());
        assertEquals(none.kvBytes(), four.kvBytes(), 0);
        assertEquals(40 * 4096 * 2 * 5120 * 2.0, four.kvBytes(), 1);
        assertNotEquals(lo.evaluate(llava13b(0, ContextSize.REQUEST), CAL).gpuLayers(),
                lo.evaluate(llava13b(4, ContextSize.REQUEST), CAL).gpuLayers());
    }

    /** A fixed context of 1024 tokens holds 1 image (64 + 576 + 128 = 768) but not 4 (2496): fits = false, why. */
    @Test
    void aRequestLongerThanTheContextSizeDoesNotFit() {
        assertTrue(new LayerOffload().evaluate(llava13b(1, 1024), CAL).fits());
        Result r = new LayerOffload().evaluate(llava13b(4, 1024), CAL);
        assertFalse(r.fits());
        assertTrue(r.reason().contains("context 2496 tokens") && r.reason().contains("context_size (n_ctx) of 1024"),
                r.reason());
    }

    /**
     * The fork's default is 512 tokens (common/common.h), at least 2048 in its llava example; a request longer than
     * that reserves its own context (the -c a user must pass). powerinfer-ideal runs llama.cpp's default.
     */
    @Test
    void theForkReservesItsOwnDefaults() {
        Workload text = Workload.text(TestCatalogs.model("relu_llama2_7b"), TestCatalogs.platform("pc_high"), 1, 64,
                128).toBuilder().contextSize(ContextSize.RUNTIME).build();
        assertEquals(512, new PowerInfer().evaluate(text, CAL).reservedContextTokens());
        assertEquals(4096, PowerInfer.ideal().evaluate(text, CAL).reservedContextTokens());
        assertEquals(1152, new PowerInfer().evaluate(text.withPrompt(1024), CAL).reservedContextTokens());
        Workload image = Workload.text(TestCatalogs.model("llava_1_5_7b_prosparse"), TestCatalogs.platform("pc_high"),
                1, 64, 128).toBuilder().images(1, 336, 336).contextSize(ContextSize.RUNTIME).build();
        assertEquals(2048, new PowerInfer().evaluate(image, CAL).reservedContextTokens());
    }
}
