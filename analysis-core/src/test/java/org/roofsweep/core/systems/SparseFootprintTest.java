package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;

/** Predictor bytes per layer: the model's released predictors where read, at the format the fork stores them. */
class SparseFootprintTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void reluLlama7bF16CarriesItsReleasedPredictorsInF16() {
        ModelSpec m = TestCatalogs.model("relu_llama2_7b");
        SparseFootprint f = SparseFootprint.of(m, Precision.FP16, CAL, true);
        // 8.1e8 predictor weights (15.1 GB GGUF less 13.48 GB of F16 weights) over 32 layers, 2 bytes each:
        // 8.1e8 / 32 x 2 = 50.625 MB a layer, 1.62 GB in all
        assertEquals(50.625e6, f.predictorLayerBytes(), 1);
        // fc1 and fc2 are two matrix-vector products: 2 FLOPs a weight, 2 x 8.1e8 / 32 = 50.625 MFLOP a layer
        assertEquals(50.625e6, f.predictorFlopsPerToken(), 1);
    }

    @Test
    void reluLlama70bQ4_0StoresItsPredictorsInQ4_0() {
        ModelSpec m = TestCatalogs.model("relu_llama2_70b");
        SparseFootprint f = SparseFootprint.of(m, new Precision(4.5, 16, 16, "q4_0"), CAL, true);
        // 5.9e9 weights over 80 layers at 4.5 bits: 5.9e9 / 80 x 4.5 / 8 = 41.484375 MB a layer
        assertEquals(41.484375e6, f.predictorLayerBytes(), 1);
    }

    @Test
    void aQ4_0FileNamedAsItsSourceWritesItStoresItsPredictorsInQ4_0() {
        ModelSpec m = TestCatalogs.model("relu_llama2_70b");
        SparseFootprint f = SparseFootprint.of(m, new Precision(4.5, 16, 16, "Q4_0 (4.5 bpw)"), CAL, true);
        // the leading name is Q4_0: 5.9e9 / 80 x 4.5 / 8 = 41.484375 MB a layer, not Q5_0's 5.5 bits (50.703125 MB)
        assertEquals(41.484375e6, f.predictorLayerBytes(), 1);
    }

    @Test
    void aModelWithoutReleasedPredictorsGetsTheCalibrationRankInQ5_0OutsideQ4_0() {
        ModelSpec m = TestCatalogs.model("relu_falcon_40b");
        int r = CAL.runtime().predictorRank();
        SparseFootprint f = SparseFootprint.of(m, new Precision(8.5, 16, 16, "q8_0"), CAL, true);
        // d x r + r x n_ff weights (8192 r + 32768 r = 40960 r) at Q5_0's 5.5 bits (22 bytes per 32 weights)
        double weights = (8192.0 + 32768.0) * r;
        assertEquals(weights * 5.5 / 8, f.predictorLayerBytes(), 1e-6 * weights);
    }

    @Test
    void aDenseModelLoadsNoPredictors() {
        SparseFootprint f = SparseFootprint.of(TestCatalogs.model("relu_llama2_7b"), Precision.FP16, CAL, false);
        assertEquals(0, f.predictorLayerBytes());
        assertEquals(0, f.predictorFlopsPerToken());
    }
}
