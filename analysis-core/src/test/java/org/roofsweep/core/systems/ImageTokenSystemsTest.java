package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.TokenAssumptions;
import org.roofsweep.core.request.Workload;

/**
 * How the image-token axes reach the sparse systems: the prompt's union and the cold half's work follow the image
 * tokens' sparsity and correlation, the decode step stays the text's, and pruning shortens every system's prefill.
 */
class ImageTokenSystemsTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final ModelSpec LLAVA_13B = TestCatalogs.model("llava_1_5_13b_prosparse");

    /** LLaVA-1.5-13B (ProSparse backbone, text sparsity 0.888) at Q4_0 on a 16 GB card, one image, 64 text tokens. */
    private static Workload request(TokenAssumptions t) {
        return Workload.text(LLAVA_13B, TestCatalogs.platform("rtx4060ti_16gb+i5_13600k"), 1, 64, 128)
                .withImages(1, 336, 336).withPrecision(new Precision(4.5, 16, 16)).toBuilder().tokens(t).build();
    }

    private static SparseExecution execution(Workload w) {
        RequestShape r = RequestShape.of(w, CAL);
        return new SparseExecution(w, CAL, r, SparseFootprint.of(w.model(), w.precision(), CAL, true),
                SparseKernels.TODAY);
    }

    @Test
    void denserImageTokensLoadTheColdHalfOfThePrefillAndLeaveTheDecodeStepAlone() {
        double h = 0.3;
        SparseFfn.HotSet asText = execution(request(TokenAssumptions.DEFAULT)).hotSet(h);
        double previous = asText.prefillCpuSeconds();
        for (double s : new double[] {0.7, 0.5, 0.3, 0}) {
            SparseFfn.HotSet denser = execution(request(new TokenAssumptions(s, 0, 1, 2))).hotSet(h);
            // the decode step's tokens are text: the same hot and cold halves
            assertEquals(asText.stepGpuSeconds(), denser.stepGpuSeconds(), 0, "image sparsity " + s);
            assertEquals(asText.stepCpuSeconds(), denser.stepCpuSeconds(), 0, "image sparsity " + s);
            // the CPU computes every cold neuron an image token fires: more of them at lower sparsity
            assertTrue(denser.prefillCpuSeconds() > previous, "image sparsity " + s + ": "
                    + denser.prefillCpuSeconds() + " s after " + previous + " s");
            previous = denser.prefillCpuSeconds();
        }
    }

    @Test
    void correlatedTokensReadFewerRowsInThePrefill() {
        SparseExecution independent = execution(request(TokenAssumptions.DEFAULT));
        SparseExecution correlated = execution(request(new TokenAssumptions(Double.NaN, 0.9, 1, 2)));
        // 640 independent tokens at sparsity 0.888 read nearly every row; correlated ones skip some
        assertTrue(independent.ffn.prefillSkippedFraction() < 1e-3, "" + independent.ffn.prefillSkippedFraction());
        assertTrue(correlated.ffn.prefillSkippedFraction() > 0.02, "" + correlated.ffn.prefillSkippedFraction());
        assertTrue(correlated.hotSet(0.3).prefillCpuSeconds() < independent.hotSet(0.3).prefillCpuSeconds());
        assertEquals(independent.ffn.stepSkippedFraction(), correlated.ffn.stepSkippedFraction(), 0);
    }

    @Test
    void pruningShortensThePrefillOfDenseAndSparseSystemsButNotTheVisionEncoder() {
        Workload whole = request(TokenAssumptions.DEFAULT);
        Workload pruned = request(new TokenAssumptions(Double.NaN, 0, 0.25, 2));
        for (InferenceSystem system : new InferenceSystem[] {new DenseGpu(), new LayerOffload()}) {
            Result a = system.evaluate(whole, CAL);
            Result b = system.evaluate(pruned, CAL);
            assertTrue(a.fits() && b.fits(), system.name());
            assertEquals(a.visionSeconds(), b.visionSeconds(), 0, system.name());
            assertTrue(b.prefillSeconds() < 0.6 * a.prefillSeconds(), system.name() + ": " + b.prefillSeconds()
                    + " s pruned, " + a.prefillSeconds() + " s whole");
            assertTrue(b.kvBytes() < a.kvBytes(), system.name());
        }
        // PowerInfer's sparse FFN at one hot set (its whole result may switch mode: pruning makes sparse mode win)
        SparseExecution a = execution(whole);
        SparseExecution b = execution(pruned);
        assertEquals(a.passes.visionSeconds(), b.passes.visionSeconds(), 0);
        assertTrue(b.hotSet(0.3).prefillSeconds() < 0.6 * a.hotSet(0.3).prefillSeconds());
        assertEquals(a.hotSet(0.3).stepSeconds(), b.hotSet(0.3).stepSeconds(), 0);
    }

    @Test
    void theDefaultsAreTheWorkloadOfBefore() {
        Workload before = Workload.text(LLAVA_13B, TestCatalogs.platform("rtx4060ti_16gb+i5_13600k"), 1, 64, 128)
                .withImages(1, 336, 336).withPrecision(new Precision(4.5, 16, 16));
        // image_sparsity "model" is the text's law itself; an explicit value equal to it prices the same
        assertTrue(before.imageActivation() == before.activation());
        Workload same = request(new TokenAssumptions(LLAVA_13B.sparsity().ffnSparsity(), 0, 1, 2));
        for (InferenceSystem system : Systems.all()) {
            assertEquals(system.evaluate(before, CAL), system.evaluate(same, CAL), system.name());
        }
    }
}
