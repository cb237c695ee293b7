package org.roofsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.systems.Result;

/**
 * The {@code kv_depth} axis: tokens each sequence already holds in its KV cache when the request starts (a chat's
 * history, an agent's earlier turns). Llama-3-8B F16 on an RTX 4090, a 64-token prompt and 128 generated tokens,
 * the KV cache reserved for the request's own context ({@code context_size} "request"). Llama-3-8B's KV cache: 32
 * layers x K and V of 1024 x 2 B = 131,072 B a token.
 */
class KvDepthAxisTest {
    private static final String SWEEP = """
            {
              "name": "t",
              "axes": {
                "platforms": ["rtx4090+i9_13900k"],
                "models": ["llama3_8b"],
                "systems": ["dense-gpu"],
                "batch_sizes": [1],
                "prompt_tokens": [64],
                "generated_tokens": [128],
                "context_size": ["request"],
                "kv_depth": [0, 4096]
              }
            }""";

    @Test
    void aDeeperCacheHoldsMoreKvAndDecodesSlower() {
        SweepPlan p = TestCatalogs.sweep(SWEEP);
        assertEquals(2, p.size());
        assertEquals(0, p.point(0).kvDepthTokens());
        assertEquals(4096, p.point(1).kvDepthTokens());
        Result empty = p.evaluate(0).result();
        Result deep = p.evaluate(1).result();
        // the context at the end: 0 + 64 + 128 = 192 and 4096 + 64 + 128 = 4288 tokens
        assertEquals(192, empty.contextTokens());
        assertEquals(4288, deep.contextTokens());
        // the cache holds them all: 192 x 131,072 = 25,165,824 B and 4288 x 131,072 = 562,036,736 B
        assertEquals(25_165_824.0, empty.kvBytes(), 0.5);
        assertEquals(562_036_736.0, deep.kvBytes(), 0.5);
        // every decode step reads 4096 more tokens' K and V: 4096 x 131,072 = 536,870,912 B more a step
        assertTrue(deep.tpotSeconds() > empty.tpotSeconds());
        // the prompt's tokens attend to the cache too
        assertTrue(deep.prefillSeconds() > empty.prefillSeconds());
    }

    @Test
    void anAbsentAxisIsAnEmptyCache() {
        SweepPlan plain = TestCatalogs.sweep(SWEEP.replace(",\n    \"kv_depth\": [0, 4096]", ""));
        SweepPlan zero = TestCatalogs.sweep(SWEEP.replace("[0, 4096]", "[0]"));
        assertEquals(1, plain.size());
        assertEquals(0, plain.workload(0).kvDepthTokens());
        assertEquals(zero.evaluate(0).result(), plain.evaluate(0).result());
    }

    @Test
    void aCacheBeyondTheModelsContextDoesNotFit() {
        // 8192 + 64 + 128 = 8384 tokens, past Llama-3-8B's trained 8192
        Result r = TestCatalogs.sweep(SWEEP.replace("[0, 4096]", "[8192]")).evaluate(0).result();
        assertFalse(r.fits());
        assertTrue(r.reason().contains("context 8384 tokens exceeds the model's maximum of 8192"), r.reason());
    }

    @Test
    void badDepthsNameTheFileAndTheAxis() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestCatalogs.sweep(SWEEP.replace("[0, 4096]", "[-1, 2.5]")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("t.json: $.axes.kv_depth: value -1 outside [0, 16777216]"), all);
        assertTrue(all.contains("t.json: $.axes.kv_depth[1]: expected a whole number, found a number 2.5"), all);
    }
}
