package org.roofsweep.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.roofline.Roofline;

/**
 * FastV-style visual-token pruning ({@code image_token_keep}, {@code prune_after_layer}): the layers after K run the
 * text and the kept image tokens, and cache only their keys and values; the vision encoder still runs every token.
 */
class VisualTokenPruningTest {
    private static final ModelSpec LLAVA_7B = TestCatalogs.model("llava_1_5_7b");
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    /** LLaVA-1.5-7B, one 336 px image (576 tokens) and 64 text tokens, 128 generated, batch 1. */
    private static Workload request(double keep, int afterLayer) {
        return Workload.text(LLAVA_7B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, 64, 128)
                .withImages(1, 336, 336).toBuilder()
                .tokens(new TokenAssumptions(Double.NaN, 0, keep, afterLayer)).build();
    }

    @Test
    void llava7bPrefillFlopsKeepingAQuarterOfTheImageTokensAfterLayer2() {
        RequestShape r = RequestShape.of(request(0.25, 2), CAL);
        // 576 image tokens, 0.25 * 576 = 144 kept: layers 1-2 run 64 + 576 = 640 tokens, layers 3-32 run 64 + 144 = 208
        assertEquals(144, r.keptImageTokens());
        assertEquals(208, r.prunedPromptTokens());
        assertEquals(30, r.prunedLayers());
        // One layer of t tokens (d = 4096, n_ff = 11008, 32 heads of 128, FlashAttention), FLOPs:
        //   q, k, v, o projections 4 * 2 t d^2 = 8 t d^2 = 134,217,728 t
        //   gate, up, down 3 * 2 t d n_ff = 6 t d n_ff = 270,532,608 t
        //   two norms 2 * 4 t d + two residuals 2 * t d = 10 t d = 40,960 t; rope 3 t (4096 + 4096) = 24,576 t;
        //   SiLU-gate 5 t n_ff = 55,040 t: all linear terms 404,870,912 t
        //   attention: 32 heads * t (t + 1) / 2 causal pairs * (4 * 128 + 5) FLOPs = 8,272 t (t + 1)
        // f(640) = 640 * 404,870,912 + 8,272 * 640 * 641 = 259,117,383,680 + 3,393,505,280 = 262,510,888,960
        // f(208) = 208 * 404,870,912 + 8,272 * 208 * 209 = 84,213,149,696 + 359,600,384 = 84,572,750,080
        // prefill = 2 f(640) + 30 f(208) = 525,021,777,920 + 2,537,182,502,400 = 3,062,204,280,320 FLOPs,
        // 36.5% of the unpruned 32 f(640) = 8,400,348,446,720
        double layers = LLAVA_7B.numLayers();
        assertEquals(3_062_204_280_320.0, layers * Roofline.flops(r.prefillLayer()), 1e-12 * 3.1e12);
        RequestShape whole = RequestShape.of(request(1, 2), CAL);
        assertEquals(8_400_348_446_720.0, layers * Roofline.flops(whole.prefillLayer()), 1e-12 * 8.5e12);
    }

    @Test
    void prunedLayersCacheOnlyTheKeptTokensAndTheVisionEncoderIsUnchanged() {
        RequestShape r = RequestShape.of(request(0.25, 2), CAL);
        RequestShape whole = RequestShape.of(request(1, 2), CAL);
        // K and V of one token in one layer: 2 * 4096 * 2 bytes = 16,384 bytes. The request's context (Workload.text
        // reserves exactly it) is 640 + 128 = 768 in layers
        // 1-2, 208 + 128 = 336 in the 30 others: (2 * 768 + 30 * 336) / 32 * 16,384 = 11,616 / 32 * 16,384 = 5,947,392
        assertEquals(768 * 16_384.0, whole.kvBytesPerLayer(), 1e-6);
        assertEquals(5_947_392.0, r.kvBytesPerLayer(), 1e-6);
        assertEquals(Roofline.flops(whole.visionEncoderLayer()), Roofline.flops(r.visionEncoderLayer()), 0);
        assertEquals(Roofline.flops(whole.visionProjector()), Roofline.flops(r.visionProjector()), 0);
        // the decode step attends to the kept keys only in the pruned layers
        double attnWhole = Roofline.bytes(whole.decodeAttention(0));
        double attnPruned = Roofline.bytes(r.decodeAttention(0));
        assertTrue(attnPruned < 0.5 * attnWhole, attnPruned + " vs " + attnWhole);
    }

    @Test
    void keepingEveryTokenOrPruningAfterTheLastLayerChangesNothing() {
        Op[] before = RequestShape.of(request(1, 2), CAL).prefillLayer();
        for (Workload w : new Workload[] {request(1, 0), request(0.5, 32), request(0.5, 40)}) {
            RequestShape r = RequestShape.of(w, CAL);
            assertEquals(0, r.prunedLayers());
            assertEquals(Roofline.flops(before), Roofline.flops(r.prefillLayer()), 0);
        }
        // pruning after layer 0 runs every layer on the kept tokens: 64 + 288 = 352 tokens
        RequestShape all = RequestShape.of(request(0.5, 0), CAL);
        assertEquals(32, all.prunedLayers());
        assertEquals(Roofline.flops(all.prefillLayerOf(352)), Roofline.flops(all.prefillLayer()), 1e-3);
    }
}
