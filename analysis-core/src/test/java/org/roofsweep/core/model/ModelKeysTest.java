package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class ModelKeysTest {
    /** The shared model key list (key,name,hugging_face_repo), vendored beside the tests. */
    private static final Path KEYS = Path.of("analysis-core", "src", "test", "resources", "reference",
            "model-keys.csv");
    @Test
    void everyModelKeyResolvesToAModelOfThatNameAndRepository() throws IOException {
        List<String[]> rows = Files.readAllLines(KEYS).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",", 3)).toList();
        assertEquals(33, rows.size());
        ModelCatalog models = TestCatalogs.CATALOGS.models();
        int found = 0;
        for (String[] row : rows) {
            ModelSpec m = models.model(row[0]).orElseThrow(() -> new AssertionError("no model " + row[0]));
            assertEquals(row[1], m.name(), row[0]);
            assertEquals(row[2], m.hfRepo(), row[0]);
            assertTrue(m.languageModelParameters() > 0, row[0]);
            found++;
        }
        assertEquals(33, found);
    }

    /** The VLMs among the keys carry their vision tower and token policy. */
    @Test
    void theVisionLanguageModelsHaveTowers() {
        for (String key : List.of("gemma_3_4b", "gemma_3_12b", "gemma_3_27b", "qwen2_5_vl_7b",
                "llava_1_6_vicuna_13b", "mobilevlm_1_7b", "mobilevlm_v2_1_7b", "minicpm_v_2_6", "internvl2_5_8b",
                "pixtral_12b")) {
            ModelSpec m = TestCatalogs.model(key);
            assertTrue(m.multimodal(), key);
        }
        // Gemma 3: (896 / 14)^2 = 4096 patches pooled 4 x 4 to 256 tokens per image
        assertEquals(256, TestCatalogs.model("gemma_3_4b").vision().plan(896, 896).llmTokens());
    }
}
