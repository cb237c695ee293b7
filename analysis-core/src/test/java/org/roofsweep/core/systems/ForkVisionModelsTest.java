package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ImagePlan;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.VisionSpec;
import org.roofsweep.core.request.Workload;

/**
 * Every vision model of the catalog under the two PowerInfer variants, with one 640 x 480 image at Q4_0 (a format the
 * fork's sparse kernels take). The fork's llava example runs a model only if the image it encodes is LLaVA-1.5's:
 * one view whose LLM tokens are the encoder's patch grid unchanged ((image_size / patch)^2, 576 at 336 px and 14 px
 * patches: no grid of tiles, no resolution of the image's own, no downsampling merge), from a CLIP tower (a class
 * token, a plain MLP) through LLaVA's two-layer projector. The expectation is derived here from the image plan and
 * the tower, not from a list of names; {@code powerinfer-ideal} runs whatever layer-offload runs.
 */
class ForkVisionModelsTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    private static boolean llava15Image(VisionSpec v) {
        ImagePlan plan = v.plan(640, 480);
        int side = v.imageSize() / v.patchSize();
        return plan.views() == 1 && plan.llmTokens() == side * side && v.classToken() && !v.gatedMlp()
                && v.projector().kind().equals("mlp2x_gelu");
    }

    @Test
    void theForkRefusesEveryVisionModelButLlava15AndTheIdealVariantNone() {
        int runs = 0;
        int refused = 0;
        for (ModelSpec m : TestCatalogs.CATALOGS.models().models().values()) {
            if (m.vision() == null) {
                continue;
            }
            Workload w = Workload.text(m, TestCatalogs.platform("rtx4090+i7_12700k", 128), 1, 64, 128).toBuilder()
                    .images(1, 640, 480).precision(Q4_0).build();
            Result fork = new PowerInfer().evaluate(w, CAL);
            boolean refusal = fork.reason().startsWith("PowerInfer's llava example");
            if (llava15Image(m.vision())) {
                assertFalse(refusal, m.key() + ": " + fork.reason());
                runs++;
            } else {
                assertTrue(refusal && !fork.fits() && fork.reason().contains(m.key()), m.key() + ": " + fork.reason());
                refused++;
            }
            Result ideal = PowerInfer.ideal().evaluate(w, CAL);
            assertFalse(ideal.reason().contains("llava example"), m.key() + ": " + ideal.reason());
            if (new LayerOffload().evaluate(w, CAL).fits()) {
                assertTrue(ideal.fits(), m.key() + ": " + ideal.reason());
            }
        }
        assertTrue(runs >= 4, runs + " run: at least LLaVA-1.5 7B and 13B, dense and ProSparse");
        assertTrue(refused >= 10, refused + " refused");
    }
}
