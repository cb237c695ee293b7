package org.roofsweep.core.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * A request on a KV cache already d tokens deep (llama-bench {@code -d}, sweep-bench {@code N_KV}): its prompt
 * attends to the cache and to itself, its decode steps to the cache, the prompt and the steps before. Llama-3-8B: 32
 * query heads of 128, 8 KV heads (KV width 1024), FP16 activations.
 */
class KvDepthTest {
    private static final ModelSpec LLAMA3_8B = TestCatalogs.model("llama3_8b");
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    private static Workload request(int prompt, int generated, int depth, int kvBits) {
        return request(LLAMA3_8B, prompt, generated, depth, kvBits);
    }

    private static Workload request(ModelSpec m, int prompt, int generated, int depth, int kvBits) {
        return Workload.text(m, TestCatalogs.platform("rtx4090+i9_13900k"), 1, prompt, generated).toBuilder()
                .precision(new Precision(16, 16, kvBits)).kvDepthTokens(depth).build();
    }

    private static Op attention(Op[] layer) {
        return Arrays.stream(layer).filter(o -> o.name().equals("attention")).findFirst().orElseThrow();
    }

    @Test
    void prefillOf512TokensOnACacheOf8192AttendsToTheCacheAndTheCausalPrompt() {
        RequestShape deep = RequestShape.of(request(512, 1, 8192, 16), CAL);
        Op a = attention(deep.prefillLayer());
        // pairs per head: 512 x 8192 + 512 x 513 / 2 = 4,194,304 + 131,328 = 4,325,632; FlashAttention's FLOPs per
        // pair and head: QK^T and PV 2 x 2 x 128, softmax 5 = 517; x 32 heads = 71,563,255,808
        assertEquals(71_563_255_808.0, a.flops(), 0.5);
        // K and V of the 8192 + 512 tokens after the pass, read once per KV head: 2 x 8704 x 1024 x 2 B
        assertEquals(35_651_584.0, a.kvReadBytes(), 0.5);
        // the context at the end counts the cache: 8192 + 512 + 1 generated
        assertEquals(8705, deep.contextTokens());

        Op empty = attention(RequestShape.of(request(512, 1, 0, 16), CAL).prefillLayer());
        // an empty cache: 131,328 pairs x 517 x 32 = 2,172,690,432 FLOPs; K and V 2 x 512 x 1024 x 2 B
        assertEquals(2_172_690_432.0, empty.flops(), 0.5);
        assertEquals(2_097_152.0, empty.kvReadBytes(), 0.5);
    }

    @Test
    void decodeAtDepthReadsTheWholeCacheEachStepAtItsType() {
        Op f16 = attention(RequestShape.of(request(1, 2, 8192, 16), CAL).decodeLayer(0));
        // the first step after a 1-token prompt on 8192 cached: past 8193, one new token, 8194 keys;
        // FLOPs 8194 x 517 x 32 = 135,561,536; K and V 2 x 8194 x 1024 x 2 B = 33,562,624
        assertEquals(135_561_536.0, f16.flops(), 0.5);
        assertEquals(33_562_624.0, f16.kvReadBytes(), 0.5);
        // a q8_0 cache (8 bits in the model) halves the bytes, not the FLOPs
        Op q8 = attention(RequestShape.of(request(1, 2, 8192, 8), CAL).decodeLayer(0));
        assertEquals(16_781_312.0, q8.kvReadBytes(), 0.5);
        assertEquals(f16.flops(), q8.flops());
        // memory-bound on a unit of 100 TFLOP/s and 1 TB/s: (33,562,624 + Q in and out 2 x 4096 x 2 B = 16,384)
        // bytes / 1e12 = 33.579 us, against 1.356 us of FLOPs
        ExecutionUnit unit = new ExecutionUnit("u", 100e12, 1e12, 0);
        assertEquals(33.579e-6, unit.seconds(f16), 1e-9);
    }

    @Test
    void decodeOnACacheIsDecodeAfterAPromptOfThatLength() {
        // the same keys: a 1-token prompt on 8191 cached tokens, or an 8192-token prompt on an empty cache
        RequestShape cached = RequestShape.of(request(1, 4, 8191, 16), CAL);
        RequestShape prompted = RequestShape.of(request(8192, 4, 0, 16), CAL);
        for (int step = 0; step < 3; step++) {
            assertArrayEquals(prompted.decodeLayer(step), cached.decodeLayer(step));
        }
    }

    @Test
    void theCacheCountsAgainstTheModelsContext() {
        // 8192 + 512 + 1 = 8705 tokens past Llama-3-8B's 8192
        assertEquals("context 8705 tokens exceeds the model's maximum of 8192",
                RequestShape.of(request(512, 1, 8192, 16), CAL).problem());
        assertEquals("", RequestShape.of(request(LLAMA3_8B.withMaxContext(8705), 512, 1, 8192, 16), CAL).problem());
    }
}
