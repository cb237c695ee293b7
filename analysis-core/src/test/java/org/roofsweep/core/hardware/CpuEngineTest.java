package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

class CpuEngineTest {
    private static final Calibration SHIPPED = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void anIkLlamaCppFrameworkNamesTheEngineAndMainlineNamesNone() {
        assertEquals("ik_llama", SHIPPED.cpuEngine("ik_llama.cpp llama-sweep-bench (2025-06)").orElseThrow().key());
        assertEquals(Optional.empty(), SHIPPED.cpuEngine("llama.cpp mainline build 5635 (3069e3169), sweep-bench"));
        assertEquals(Optional.empty(), SHIPPED.cpuEngine("normiebench (llama.cpp-based pp512/tg128, Windows)"));
    }

    @Test
    void theEngineRunsEveryQuantizedFormatOnItsMatrixKernelsTimesItsFactor() {
        Efficiency cpu = new Efficiency(0.84, 0.5, 1.42e-6, 0.151, Efficiency.QuantizedPath.INT8, 0, 0, 0.692);
        Calibration mainline = new Calibration(Map.of(), Map.of(), cpu, 32e9, null, Map.of(), Map.of(), 0.373);
        Calibration ik = mainline.forCpuEngine(new CpuEngine("ik", List.of("ik_llama.cpp"), 1.084,
                BackendCalibration.FITTED));
        // Q6_K is vec_dot in mainline (0.151) but a matrix kernel in the engine: 0.373 x 1.084 = 0.404332
        Precision q6k = new Precision(6.56, 16, 16, "Q6_K");
        assertEquals(0.151, mainline.cpuFor(q6k).quantizedCompute(), 1e-12);
        assertEquals(0.404332, ik.cpuFor(q6k).quantizedCompute(), 1e-9);
        // Q4_0 was on the matrix kernels already: the same 0.404332; memory, F16 compute, sync and vector work kept
        Efficiency q40 = ik.cpuFor(new Precision(4.5, 16, 16, "Q4_0"));
        assertEquals(0.404332, q40.quantizedCompute(), 1e-9);
        assertEquals(0.84, q40.memory());
        assertEquals(0.5, q40.compute());
        assertEquals(1.42e-6, q40.layerOverheadSeconds());
        assertEquals(0.692, q40.vectorOpsPerInt8Op());
        // a factor that would lift the kernels past their peak is capped at 1
        Calibration capped = mainline.forCpuEngine(new CpuEngine("ik", List.of("ik"), 3, BackendCalibration.FITTED));
        assertEquals(1, capped.cpuGemmCompute());
    }

    @Test
    void anEngineWithoutNamesOrWithAnUnknownStatusIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of(), 1.1, BackendCalibration.FITTED));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of("ik_llama.cpp"), 1.1, "borrowed:cuda"));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of("ik_llama.cpp"), 0, BackendCalibration.FITTED));
    }
}
