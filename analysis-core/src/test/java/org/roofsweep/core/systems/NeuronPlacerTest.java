package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fork's placement order on a model of 10 layers: attention block 1.0 GB, predictor 0.25 GB (1.25 GB a layer,
 * 12.5 GB for all), head 0.5 GB, embedding 0.5 GB, 4e6 neurons of 1000 B (4.0 GB of FFN), KV cache 2.0 GB.
 */
class NeuronPlacerTest {
    private static final double GB = 1e9;
    private static final int LAYERS = 10;
    private static final SparseFootprint F = new SparseFootprint(1.0 * GB, 0.25 * GB, 0.5 * GB, 0.5 * GB, 1000, 4e6,
            0);
    private static final double KV = 2.0 * GB;

    /**
     * 16 GB: every block and predictor (12.5), the head (0.5) and the KV cache (2.0) fit; the 1.0 GB left holds
     * 1.0 / 4.0 = 25% of the neurons. GPU 12.5 + 0.5 + 1.0 = 14.0 GB; host: the embedding 0.5 and 75% of the FFN, 3.0:
     * 3.5 GB.
     */
    @Test
    void aBudgetAboveTheDenseTensorsPlacesHeadCacheAndAHotSet() {
        NeuronPlacement p = NeuronPlacer.place(F, LAYERS, 16 * GB, KV);
        assertTrue(p.headOnGpu() && p.kvOnGpu());
        assertPlaced(p, 10, 10, 0.25, 14.0, 3.5);
    }

    /**
     * 11.6 GB: all 10 attention blocks first (10.0), then floor(1.6 / 0.25) = 6 predictors (1.5), 0.1 GB left; the
     * flush stopped before the head, so no FFN split: no neuron on the GPU. GPU 6 x 1.25 + 4 x 1.0 = 11.5 GB; host: 4
     * predictors 1.0, head 0.5, embedding 0.5, FFN 4.0 = 6.0 GB. (Layer by layer, 9 blocks with their predictors
     * would have fit, 11.25, and a 0.35 / 4.0 hot set.)
     */
    @Test
    void everyLayersAttentionGoesBeforeAnyPredictor() {
        NeuronPlacement p = NeuronPlacer.place(F, LAYERS, 11.6 * GB, KV);
        assertFalse(p.headOnGpu() || p.kvOnGpu());
        assertPlaced(p, 10, 6, 0, 11.5, 6.0);
    }

    /**
     * 7.3 GB: floor(7.3 / 1.0) = 7 attention blocks and no predictor. GPU 7.0 GB; host: 3 whole layers 3.75, 7
     * predictors 1.75, head 0.5, embedding 0.5, FFN 4.0 = 10.5 GB.
     */
    @Test
    void aBudgetBelowTheAttentionPlacesNoPredictorAndNoNeuron() {
        assertPlaced(NeuronPlacer.place(F, LAYERS, 7.3 * GB, KV), 7, 0, 0, 7.0, 10.5);
    }

    /** 12.8 GB: the dense tensors fit (12.5) but not the 0.5 GB head: the flush is incomplete, the 0.3 GB stay free. */
    @Test
    void aHeadThatDoesNotFitLeavesTheFfnOnTheHost() {
        NeuronPlacement p = NeuronPlacer.place(F, LAYERS, 12.8 * GB, KV);
        assertFalse(p.headOnGpu());
        // host: the head 0.5, the embedding 0.5 and the FFN 4.0
        assertPlaced(p, 10, 10, 0, 12.5, 5.0);
    }

    private static void assertPlaced(NeuronPlacement p, int attention, int predictors, double hot, double gpuGb,
            double hostGb) {
        assertEquals(attention, p.denseLayersOnGpu(), "attention blocks on the GPU");
        assertEquals(predictors, p.predictorLayersOnGpu(), "predictors on the GPU");
        assertEquals(hot, p.hotFraction(), 1e-12, "hot fraction");
        assertEquals(gpuGb * GB, p.gpuWeightBytes(), 1, "GPU bytes");
        assertEquals(hostGb * GB, p.hostWeightBytes(), 1, "host bytes");
    }
}
