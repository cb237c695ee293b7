package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class ArchitectureFiguresTest {

    /**
     * Gemma-2-9B: 42 layers, 8 KV heads x 256, FP16: K + V = 2 x 8 x 256 x 2 B = 8192 B per token per layer. At an
     * 8192-token context the 21 global layers keep all 8192 tokens and the 21 sliding layers their 4096-token
     * window: 21 x 8192 x (8192 + 4096) B = 2,113,929,216 B, i.e. 258,048 B per token (344,064 without the window).
     */
    @Test
    void gemma2_9bKvBytesPerTokenAt8kContextCountTheSlidingWindow() {
        ModelSpec m = TestCatalogs.model("gemma_2_9b");
        double perToken = m.numLayers() * m.kvBytesPerLayer(8192, Precision.FP16) / 8192;
        assertEquals(258_048, perToken, 1e-6);
        assertEquals(344_064, m.kvBytesPerToken(Precision.FP16), 1e-6);
        // below the window every layer keeps every token
        assertEquals(344_064 * 1000.0, m.numLayers() * m.kvBytesPerLayer(1000, Precision.FP16), 1e-3);
    }

    /** DeepSeek-V2-Lite MLA: 27 layers x (kv_lora_rank 512 + qk_rope_head_dim 64) x 2 B = 31,104 B per token. */
    @Test
    void deepseekV2LiteCachesTheLatentOnly() {
        ModelSpec m = TestCatalogs.model("deepseek_v2_lite");
        assertEquals(31_104, m.kvBytesPerToken(Precision.FP16), 1e-9);
    }

    /**
     * Qwen3-30B-A3B per layer: attention 2048 x 4096 x 2 (Q, O) + 2048 x 512 x 2 (K, V) = 18,874,368; 8 of 128
     * experts of 3 x 2048 x 768 = 4,718,592 each = 37,748,736; router 2048 x 128 = 262,144; norms 4096. 48 layers:
     * 2,730,688,512; plus embedding and untied head 2 x 151,936 x 2048 = 622,329,856 and the final norm 2048:
     * 3,353,020,416 active. Stored: 48 x (18,874,368 + 128 x 4,718,592 + 262,144 + 4096) + 622,331,904 = 30,532,110,336.
     */
    @Test
    void qwen3_30bA3bActivatesAbout3_3BillionParametersPerToken() {
        ModelSpec m = TestCatalogs.model("qwen3_30b_a3b");
        assertEquals(3_353_020_416.0, m.activeParameters(), 1);
        assertEquals(30_532_110_336.0, m.languageModelParameters(), 1);
    }

    /**
     * DeepSeek-V2-Lite: its layer 0 is dense (3 x 2048 x 10944 = 67,239,936), the other 26 hold 64 routed experts of
     * 3 x 2048 x 1408 = 8,650,752, two shared ones (2816 wide: 17,301,504) and a router of 131,072: 571,080,704. The
     * mean FFN per layer is (67,239,936 + 26 x 571,080,704) / 27.
     */
    @Test
    void deepseekV2LiteAveragesItsDenseFirstLayer() {
        ModelSpec m = TestCatalogs.model("deepseek_v2_lite");
        assertEquals((67_239_936.0 + 26 * 571_080_704.0) / 27, m.ffnParametersPerLayer(), 1e-3);
    }
}
