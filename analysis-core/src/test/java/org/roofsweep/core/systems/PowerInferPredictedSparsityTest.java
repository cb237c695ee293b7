package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
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
}
