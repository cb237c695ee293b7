package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class EngineCalibrationTest {
    private static final Calibration SHIPPED = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void aFrameworkTextNamesTheEngineWhoseNameItHoldsAsAWord() {
        assertEquals("exllamav2", SHIPPED.engine("ExLlamaV2").orElseThrow().key());
        assertEquals("exllama", SHIPPED.engine("ExLlama v1 (4-bit GPTQ)").orElseThrow().key());
        assertEquals("mlc", SHIPPED.engine("MLC LLM (CUDA 11.8, 4-bit)").orElseThrow().key());
        assertEquals("vllm", SHIPPED.engine("vLLM (AWQ)").orElseThrow().key());
        assertEquals(java.util.Optional.empty(), SHIPPED.engine("llama.cpp (CUDA/Metal, ~May 2024)"));
    }

    @Test
    void anEngineReplacesTheDecodeKernelsAndKeepsThePromptPath() {
        EngineCalibration e = new EngineCalibration("x", List.of("X"), 0.85, 40e-6, BackendCalibration.FITTED);
        Efficiency cuda = new Efficiency(0.94, 0.42, 124e-6, 0.21, Efficiency.QuantizedPath.INT8);
        Efficiency over = e.over(cuda);
        assertEquals(0.85, over.memory());
        assertEquals(40e-6, over.layerOverheadSeconds());
        assertEquals(0.42, over.compute());
        assertEquals(0.21, over.quantizedCompute());
        assertEquals(Map.of(), new Calibration(Map.of(), Map.of(), null, 1, null).engines());
    }
}
