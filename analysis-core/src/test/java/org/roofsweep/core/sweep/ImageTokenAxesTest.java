package org.roofsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.request.TokenAssumptions;
import org.roofsweep.core.request.Workload;

/** The image-token axes in a sweep file: read, checked, multiplied into the grid and recorded on every point. */
class ImageTokenAxesTest {
    private static final String SWEEP = """
            {
              "name": "t",
              "axes": {
                "platforms": ["rtx4060ti_16gb+i5_13600k"],
                "models": ["llava_1_5_13b_prosparse"],
                "systems": ["dense-gpu", "powerinfer"],
                "batch_sizes": [1],
                "prompt_tokens": [64],
                "generated_tokens": [128],
                "images": [1],
                "image_sparsity": ["model", 0.5],
                "token_correlation": [0, 0.9],
                "image_token_keep": [1, 0.25],
                "prune_after_layer": [2, 4]
              }
            }""";

    private static SweepPlan plan(String json) {
        return TestCatalogs.sweep(json);
    }

    @Test
    void everyCombinationIsAPointThatRecordsItsValues() {
        SweepPlan p = plan(SWEEP);
        // 2 systems x 2 image sparsities x 2 correlations x 2 keep ratios x 2 layers
        assertEquals(32, p.size());
        int modelSetting = 0;
        for (long i = 0; i < p.size(); i++) {
            SweepPoint pt = p.point(i);
            Workload w = p.workload(i);
            TokenAssumptions t = w.tokens();
            assertEquals(pt.imageSparsitySetting(), t.imageSparsity(), 0);
            assertEquals(pt.tokenCorrelation(), t.tokenCorrelation(), 0);
            assertEquals(pt.imageTokenKeep(), t.imageTokenKeep(), 0);
            assertEquals(pt.pruneAfterLayer(), t.pruneAfterLayer());
            if (Double.isNaN(pt.imageSparsitySetting())) {
                // "model": the text's figure, 0.888 for the ProSparse backbone, and the text's law itself
                modelSetting++;
                assertEquals(0.888, pt.imageSparsity(), 0);
                assertTrue(w.imageActivation() == w.activation());
            } else {
                assertEquals(0.5, pt.imageSparsity(), 0);
                assertEquals(Workload.activationOf(w.model(), 0.5), w.imageActivation());
            }
        }
        assertEquals(16, modelSetting);
    }

    @Test
    void absentAxesAreTheirDefaults() {
        String plain = SWEEP.replaceAll("(?s),\\s*\"image_sparsity\".*\"prune_after_layer\": \\[2, 4\\]", "");
        SweepPlan p = plan(plain);
        assertEquals(2, p.size());
        assertEquals(TokenAssumptions.DEFAULT, p.workload(0).tokens());
    }

    @Test
    void badValuesNameTheFileAndTheAxis() {
        String bad = SWEEP.replace("[\"model\", 0.5]", "[\"text\", 1.2]").replace("[0, 0.9]", "[-0.1]")
                .replace("[1, 0.25]", "[0, 1.5]").replace("[2, 4]", "[-1, 2.5]");
        ConfigException e = assertThrows(ConfigException.class, () -> plan(bad));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("t.json: $.axes.image_sparsity[0]: expected a number in [0, 1) or \"model\", found "
                + "a string \"text\""), all);
        assertTrue(all.contains("t.json: $.axes.image_sparsity: image_sparsity 1.2 outside [0, 1)"), all);
        assertTrue(all.contains("t.json: $.axes.token_correlation: value -0.1 outside [0, 1]"), all);
        // two bad values of one axis are one problem (strict input lists at most 20 problems)
        assertTrue(all.contains("t.json: $.axes.image_token_keep: 2 values 0, 1.5 outside [0.001, 1]"), all);
        assertTrue(all.contains("t.json: $.axes.prune_after_layer: value -1 outside [0, 100000]"), all);
        assertTrue(all.contains("t.json: $.axes.prune_after_layer[1]: expected a whole number, found a number 2.5"),
                all);
    }
}
