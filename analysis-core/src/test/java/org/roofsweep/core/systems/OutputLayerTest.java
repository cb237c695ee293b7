package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * llama.cpp counts the output layer as layer n_layer: {@code -ngl 32} of Llama-2-7B offloads its 32 repeating layers
 * and keeps the output on the CPU ("offloaded 32/33 layers"); {@code -ngl 33} or more, or all that fit, offloads it.
 */
class OutputLayerTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void theOutputLayerJoinsTheGpuOnlyWhenTheCountReachesPastTheLayers() {
        Workload w = Workload.text(TestCatalogs.model("llama2_7b"), TestCatalogs.platform("rtx4090+i9_13900k", 64),
                1, 512, 128).withPrecision(new Precision(4.5, 16, 16));
        RequestShape r = RequestShape.of(w, CAL);
        assertFalse(LayerOffload.split(w.withGpuLayers(32), CAL, r, LayerOffload.NAME).headOnGpu());
        assertTrue(LayerOffload.split(w.withGpuLayers(33), CAL, r, LayerOffload.NAME).headOnGpu());
        assertTrue(LayerOffload.split(w, CAL, r, LayerOffload.NAME).headOnGpu());
        Result at32 = new LayerOffload().evaluate(w.withGpuLayers(32), CAL);
        Result at33 = new LayerOffload().evaluate(w.withGpuLayers(33), CAL);
        assertEquals(32, at32.gpuLayers());
        assertEquals(32, at33.gpuLayers());
        // the head and the final norm: (32000 x 4096 + 4096) parameters x 4.5 bits / 8 = 131,076,096 x 0.5625 B
        // = 73,730,304 B, on the GPU at -ngl 33 and on the host at -ngl 32
        assertEquals(73_730_304, at33.gpuWeightBytes() - at32.gpuWeightBytes(), 1);
        // the CPU streams that head every token at -ngl 32: the step is slower
        assertTrue(at32.tpotSeconds() > at33.tpotSeconds(), at32.tpotSeconds() + " vs " + at33.tpotSeconds());
    }
}
