package org.roofsweep.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;

/**
 * The request's own problems of a sweep's many infeasible rows come as one instance per text, so that a table's
 * writer finds them by identity with their hash cached (BENCHMARKS.md, issue 20, ninth session); the texts are as
 * before, byte for byte.
 */
class RequestProblemTextTest {
    private static final ModelSpec LLAMA2_7B = TestCatalogs.model("llama2_7b");
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    private static RequestShape shape(int batch, int prompt, int images, int depth) {
        return RequestShape.of(Workload.text(LLAMA2_7B, TestCatalogs.platform("rtx4090+i9_13900k"), batch, prompt, 128)
                .toBuilder().images(images, 336, 336).kvDepthTokens(depth).build(), CAL);
    }

    @Test
    void aTextOnlyModelAskedForImagesGetsOneInstancePerImageCount() {
        String one = shape(1, 64, 1, 0).problem();
        assertEquals("model llama2_7b has no vision tower but the request has 1 images", one);
        // another batch and prompt of the same model and image count: the same text, the same instance
        assertSame(one, shape(8, 512, 1, 0).problem());
        String four = shape(1, 64, 4, 0).problem();
        assertEquals("model llama2_7b has no vision tower but the request has 4 images", four);
        assertSame(four, shape(2, 16, 4, 0).problem());
    }

    @Test
    void aContextPastTheModelsGetsOneInstancePerContext() {
        // 4000 cached + 64 prompt + 128 generated = 4192 tokens, past Llama-2's 4096
        String past = shape(1, 64, 0, 4000).problem();
        assertEquals("context 4192 tokens exceeds the model's maximum of 4096", past);
        assertSame(past, shape(1, 128, 0, 3936).problem(), "3936 + 128 + 128 = 4192 again");
        assertEquals("context 4193 tokens exceeds the model's maximum of 4096", shape(1, 65, 0, 4000).problem());
    }
}
