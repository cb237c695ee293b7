package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

/**
 * PowerInfer computes the neurons its activation predictors select, not those that fire. SparseLLM's ProSparse card
 * gives ProSparse-13B's predictors 91.11% recall at 78.28% predicted sparsity, against 88.80% of neurons inactive:
 * PowerInfer computes 1 - 0.7828 = 21.72% of the neurons a token, 1.94x the 11.20% that fire.
 */
class PowerInferPredictedSparsityTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    private static Workload on4060Ti(String model) {
        return Workload.text(TestCatalogs.model(model), TestCatalogs.platform("rtx4060ti_16gb+i7_12700k", 64), 1, 64,
                128);
    }

    @Test
    void atTheModelsOwnSparsityPowerInferRunsAtItsPredictorsSparsity() {
        Workload w = on4060Ti("prosparse_llama2_13b");
        assertEquals(0.888, w.effectiveSparsity(), 1e-12);
        assertEquals(0.7828, new PowerInfer().asRun(w).effectiveSparsity(), 1e-12);
        assertEquals(0.7828, PowerInfer.ideal().asRun(w).effectiveSparsity(), 1e-12);
        // one decode token at a time: the FFN skips what the predictor does not select
        Result r = new PowerInfer().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        assertEquals(ExecutionMode.SPARSE, r.mode());
        assertEquals(0.7828, r.decodeSparsity(), 1e-3);
    }

    @Test
    void aSweptSparsityOrAModelWithoutPredictorFiguresIsRunAsSet() {
        assertEquals(0.9, new PowerInfer().asRun(on4060Ti("prosparse_llama2_13b").withSparsity(0.9))
                .effectiveSparsity(), 1e-12);
        assertEquals(0.8932, new PowerInfer().asRun(on4060Ti("prosparse_llama2_7b")).effectiveSparsity(), 1e-12);
    }

    /**
     * A one-token decode step's down projection reads only the selected neurons that fire (the fork's AXPY kernels
     * skip a zero activation before the predictor test), up and gate every selected one. ProSparse-13B Q4_0 wholly on
     * an RTX 4090 (every neuron hot): per layer the GPU reads 13824 neurons x 0.2172 selected, each 3 x 5120 weights
     * of 4.5 bits = 8640 B for up, gate and down, but down only for (1 - 0.888) / (1 - 0.7828) = 0.5157 of them, so
     * 13824 x 0.2172 x 8640 x (2 + 0.5157) / 3 = 21.75 MB instead of 25.94 MB. A swept sparsity (85%: the
     * sweep's firing neurons are the selected ones) reads all three: 13824 x 0.15 x 8640 B = 17.92 MB.
     */
    @Test
    void aDecodeStepsDownProjectionReadsOnlyTheSelectedNeuronsThatFire() {
        Workload w = Workload.text(TestCatalogs.model("prosparse_llama2_13b"), TestCatalogs.platform(
                "rtx4090+i9_13900k", 64), 1, 64, 128).withPrecision(new Precision(4.5, 16, 16, "Q4_0"));
        PowerInfer.SparseRun run = new PowerInfer().sparseRun(w, CAL).orElseThrow();
        assertEquals(1.0, run.ffn().hotFraction(), 1e-9);
        double selected = 13824 * (1 - 0.7828) * 3 * 5120 * 4.5 / 8;
        assertEquals(25.94e6, selected, 0.01e6);
        assertEquals(21.75e6, run.ffn().stepGpu().bytes(), 0.01e6);
        assertEquals((2 + (1 - 0.888) / (1 - 0.7828)) / 3, run.ffn().stepGpu().bytes() / selected, 1e-9);
        PowerInfer.SparseRun swept = new PowerInfer().sparseRun(w.withSparsity(0.85), CAL).orElseThrow();
        assertEquals(13824 * 0.15 * 3 * 5120 * 4.5 / 8, swept.ffn().stepGpu().bytes(), 1e3);
    }
}
