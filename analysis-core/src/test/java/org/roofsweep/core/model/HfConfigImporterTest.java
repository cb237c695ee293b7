package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;

class HfConfigImporterTest {
    private static final Path DIR = Path.of("analysis-core", "src", "test", "resources", "hf");

    @Test
    void llama2ConfigJsonGivesTheCatalogShape() {
        ModelSpec hf = HfConfigImporter.read(DIR.resolve("llama-2-7b-hf.config.json"), "llama2_7b_hf");
        ModelSpec cat = TestCatalogs.model("llama2_7b");
        assertEquals(cat.languageModelParameters(), hf.languageModelParameters(), 0);
        assertEquals(cat.kvDim(), hf.kvDim(), 0);
        assertEquals(4096, hf.maxContext());
        assertTrue(hf.gatedMlp());
    }

    @Test
    void mixtralConfigJsonIsAMixtureOfExperts() {
        ModelSpec m = HfConfigImporter.read(DIR.resolve("mixtral-8x7b.config.json"), "mixtral");
        assertEquals(new MoeSpec(8, 2), m.moe());
        // 46.7 B parameters: 32 x (attention 4096 x (4096 + 2 x 1024 + 4096) + 8 experts x 3 x 4096 x 14336
        // + router 4096 x 8 + norms) + 2 x 32000 x 4096
        assertEquals(46.70e9, m.languageModelParameters(), 0.01e9);
    }

    /** mlc-llm's verbatim copies of the Gemma 2 9B and DeepSeek-V2-Lite config.json read as the catalog has them. */
    @Test
    void gemma2AndDeepseekV2ConfigJsonGiveTheCatalogShapes() {
        for (String[] pair : new String[][] {{"gemma-2-9b.config.json", "gemma_2_9b"},
            {"deepseek-v2-lite.config.json", "deepseek_v2_lite"}}) {
            ModelSpec hf = HfConfigImporter.read(DIR.resolve(pair[0]), pair[1]);
            ModelSpec cat = TestCatalogs.model(pair[1]);
            assertEquals(cat.languageModelParameters(), hf.languageModelParameters(), 0, pair[1]);
            assertEquals(cat.kvBytesPerLayer(8192, Precision.FP16), hf.kvBytesPerLayer(8192, Precision.FP16), 0,
                    pair[1]);
            assertEquals(cat.moe(), hf.moe(), pair[1]);
            assertTrue(!hf.attention().unmodelled().isEmpty(), pair[1] + " reports what the graph leaves out");
        }
    }

    /**
     * The new catalog models' config.json files import to the catalog's shapes: the same language-model parameters
     * and, for the VLMs, the same tower, projector and image tokens (MobileVLM's config names its tower without its
     * dimensions, so its import is text-only and says so).
     */
    @Test
    void theNewCatalogModelsConfigJsonGiveTheCatalogShapes() {
        String[][] pairs = {{"mistral-small-24b-base-2501.config.json", "mistral_small_24b"},
            {"minicpm-v-2_6.config.json", "minicpm_v_2_6"}, {"internvl2_5-8b.config.json", "internvl2_5_8b"},
            {"pixtral-12b.config.json", "pixtral_12b"}, {"mobilevlm-1.7b.config.json", "mobilevlm_1_7b"}};
        for (String[] pair : pairs) {
            ModelSpec hf = HfConfigImporter.read(DIR.resolve(pair[0]), pair[1]);
            ModelSpec cat = TestCatalogs.model(pair[1]);
            assertEquals(cat.languageModelParameters(), hf.languageModelParameters(), 0, pair[1]);
            assertEquals(cat.kvBytesPerLayer(8192, Precision.FP16), hf.kvBytesPerLayer(8192, Precision.FP16), 0,
                    pair[1]);
            if (pair[1].startsWith("mobilevlm")) {
                assertEquals(null, hf.vision(), pair[1]);
                assertTrue(hf.attention().unmodelled().toString().contains("clip-vit-large-patch14-336"), pair[1]);
                continue;
            }
            if (cat.vision() == null) {
                continue;
            }
            assertEquals(cat.vision().parameters(), hf.vision().parameters(), 0, pair[1]);
            for (int[] size : new int[][] {{336, 336}, {896, 896}, {1344, 1344}, {1000, 500}, {2048, 1024}}) {
                assertEquals(cat.vision().plan(size[0], size[1]), hf.vision().plan(size[0], size[1]),
                        pair[1] + " at " + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void anUnsupportedArchitectureIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HfConfigImporter.read(DIR.resolve("mamba.config.json"), "mamba"));
        assertTrue(e.getMessage().contains("mamba.config.json: $.architectures[0]: unsupported architecture "
                + "\"MambaForCausalLM\""), e.getMessage());
    }

    @Test
    void missingRequiredFieldsAreAllNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> HfConfigImporter.parse("x.json",
                JsonFiles.parse("x.json", "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 4096}"), "x"));
        assertTrue(e.getMessage().contains("x.json: $.intermediate_size: missing required field"), e.getMessage());
        assertTrue(e.getMessage().contains("x.json: $.num_hidden_layers: missing required field"), e.getMessage());
    }
}
