package org.roofsweep.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.request.Workload;

class TransformerTest {
    private static final ModelSpec LLAMA2_7B = TestCatalogs.model("llama2_7b");
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Gpu RTX4090 = TestCatalogs.CATALOGS.hardware().gpu("rtx4090").orElseThrow();

    @Test
    void llama2_7bHasSixPointSevenBillionParameters() {
        // per layer: attention 4 x 4096^2 = 67,108,864; FFN 3 x 4096 x 11008 = 135,266,304; norms 2 x 4096 = 8,192
        // 32 layers = 6,476,267,520; embedding and head 2 x 32000 x 4096 = 262,144,000; final norm 4,096
        assertEquals(6_738_415_616.0, LLAMA2_7B.languageModelParameters(), 0.5);
    }

    @Test
    void decodeOfLlama2_7bReadsAbout13Point2GbOfWeightsPerToken() {
        Op[] layer = Transformer.decoderLayer(LLAMA2_7B, Precision.FP16, Pass.decode(1, 0), true);
        Op[] head = Transformer.head(LLAMA2_7B, Precision.FP16, Pass.decode(1, 0));
        double weights = 32 * sum(layer, true) + sum(head, true);
        // 32 layers x 2 bytes x (67,108,864 + 135,266,304 + 8,192 norm) = 12,952,535,040
        // + LM head 2 x 32000 x 4096 = 262,144,000, + one embedding row 8,192 and the final norm 8,192
        assertEquals(13_214_695_424.0, weights, 1.0);
    }

    @Test
    void decodeOfLlama2_7bOnRtx4090IsMemoryBound() {
        Result r = new DenseGpu().evaluate(Workload.text(LLAMA2_7B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, 1,
                2), CAL);
        assertEquals("memory", r.decodeBound());
        // about 2 FLOPs per 2-byte weight: intensity near 1 FLOP/byte, far below the 4090's ridge point
        assertEquals(1.0, r.decodeIntensity(), 0.05);
        // one step with the CUDA calibration (memory 0.902 x ada_geforce deviation 1.02 = 0.920; the SMs' cap, 12 GB/s
        // x 128 = 1536 GB/s, is above that; a one-token step on an Ada card is replayed as one CUDA graph, 51.4 us per
        // layer at the launch clock of 2520 MHz, the 4090's): 13.215 GB / (0.920 x 1008 = 927.4 GB/s) = 14.25 ms, plus
        // 32 layers x 51.4 us = 1.64 ms, plus KV cache and activations (< 0.1 ms) -> about 15.9 ms, 62.9 tokens/s
        assertEquals(0.0159, r.tpotSeconds(), 0.0002);
    }

    @Test
    void prefillOf2048TokensIsComputeBound() {
        ExecutionUnit unit = ExecutionUnit.gpu(RTX4090, CAL.gpu(RTX4090), Precision.FP16);
        Op[] layer = Transformer.decoderLayer(LLAMA2_7B, Precision.FP16, Pass.prefill(1, 2048), true);
        double flops = Roofline.flops(layer);
        double bytes = Roofline.bytes(layer);
        // ~2 x 2048 FLOPs per weight: intensity ~ 1000 FLOP/byte, above the ridge of 165 TFLOP/s x 0.738 over
        // 1008 GB/s x 0.921 = 131 FLOP/byte
        assertTrue(flops / bytes > unit.ridgeIntensity(), "intensity " + flops / bytes);
        for (Op op : layer) {
            if (op.kind() == OpKind.FFN || op.kind() == OpKind.PROJECTION) {
                assertTrue(!unit.memoryBound(op.flops(), op.bytes()), op.name());
            }
        }
    }

    @Test
    void gqaSharesKeysAndValuesAcrossQueryHeads() {
        ModelSpec llama70 = TestCatalogs.model("llama2_70b");
        Op[] ops = Transformer.decoderLayer(llama70, Precision.FP16, Pass.decode(1, 1000), true);
        Op attention = find(ops, "attention");
        // K and V of 1001 tokens, 8 KV heads x 128 dims x 2 bytes each: 2 x 1001 x 1024 x 2 = 4,100,096 bytes
        assertEquals(4_100_096.0, attention.kvReadBytes(), 0.5);
        // k_proj writes one token's K: 1024 x 2 bytes
        assertEquals(2048.0, find(ops, "k_proj").kvWriteBytes(), 0.0);
    }

    @Test
    void withoutFlashAttentionTheScoresGoThroughMemory() {
        Op[] flash = Transformer.decoderLayer(LLAMA2_7B, Precision.FP16, Pass.prefill(1, 1024), true);
        Op[] plain = Transformer.decoderLayer(LLAMA2_7B, Precision.FP16, Pass.prefill(1, 1024), false);
        double extra = Roofline.bytes(plain) - Roofline.bytes(flash);
        // the 32 x 1024 x 1024 score matrix (F32, ggml_mul_mat's result: 4 bytes each) is written by QK^T, read and
        // written by softmax and read by SV: 4 passes of 134,217,728 bytes = 536,870,912; FlashAttention instead reads
        // Q and K/V once more
        double scores = 32.0 * 1024 * 1024 * 4;
        assertEquals(4 * scores, extra, 0.05 * scores);
    }

    /**
     * Without FlashAttention ggml multiplies every new row by every key and masks the scores after: a 512-token prompt
     * after 512 cached tokens scores 32 heads x 512 x 1024 pairs = 16,777,216, at 2 x 128 FLOPs each in QK^T,
     * 4,294,967,296; the fused kernel skips the masked keys, 32 x (512 x 512 + 512 x 513 / 2) = 12,591,104 pairs,
     * 2 x 128 x 12,591,104 = 3,223,322,624 FLOPs in QK^T's half of its 4 x hd, beside 5 softmax FLOPs a pair.
     */
    @Test
    void theUnfusedProductsScoreTheMaskedPairsTheFusedKernelSkips() {
        Pass pass = new Pass(1, 512, 512);
        Op qk = find(Transformer.attention(LLAMA2_7B, Precision.FP16, pass, false), "qk_matmul");
        assertEquals(4_294_967_296.0, qk.flops(), 1);
        Op fused = find(Transformer.attention(LLAMA2_7B, Precision.FP16, pass, true), "attention");
        double softmax = Transformer.SOFTMAX_FLOPS_PER_SCORE * 12_591_104.0;
        assertEquals(2 * 3_223_322_624.0 + softmax, fused.flops(), 1);
    }

    @Test
    void moeReadsOnlyTheExpertsATokenUses() {
        ModelSpec mixtral = TestCatalogs.model("mixtral_8x7b");
        Op[] one = Transformer.decoderLayer(mixtral, Precision.FP16, Pass.decode(1, 0), true);
        // one token touches 2 of 8 experts: up/gate/down of 2 experts, each 4096 x 14336 x 2 bytes
        assertEquals(2 * 4096.0 * 14336 * 2, find(one, "up_proj").weightBytes(), 1.0);
        Op[] many = Transformer.decoderLayer(mixtral, Precision.FP16, Pass.prefill(1, 512), true);
        // 512 tokens touch all 8 in expectation: 8 x (1 - (6/8)^512) ~ 8
        assertEquals(8 * 4096.0 * 14336 * 2, find(many, "up_proj").weightBytes(), 1.0);
    }

    private static Op find(Op[] ops, String name) {
        for (Op op : ops) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        throw new AssertionError("no op " + name);
    }

    private static double sum(Op[] ops, boolean weights) {
        double s = 0;
        for (Op op : ops) {
            s += weights ? op.weightBytes() : op.bytes();
        }
        return s;
    }
}
