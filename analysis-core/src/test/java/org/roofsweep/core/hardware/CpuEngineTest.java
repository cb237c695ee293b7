package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Calibration ik = mainline.forCpuEngine(new CpuEngine("ik", List.of("ik_llama.cpp"), 1.084, 1,
                BackendCalibration.FITTED, false), true, false);
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
        Calibration capped = mainline.forCpuEngine(
                new CpuEngine("ik", List.of("ik"), 3, 1, BackendCalibration.FITTED, false), true, false);
        assertEquals(1, capped.cpuGemmCompute());
    }

    @Test
    void oneLookupGivesTheEnginesTiledAttentionToEverySystemAndItsPromptFactorToCpuOnlyAlone() {
        Efficiency cpu = new Efficiency(0.84, 0.5, 1.42e-6, 0.151, Efficiency.QuantizedPath.INT8, 0, 0, 0.692);
        RuntimeConstants runtime = SHIPPED.runtime();
        Calibration mainline = new Calibration(Map.of(), Map.of(), cpu, 32e9, runtime, Map.of(), Map.of(), 0.373,
                Map.of(), 7.28e-6);
        CpuEngine ik = SHIPPED.cpuEngine("ik_llama.cpp build 2ec2229f (3702), -fa 1").orElseThrow();
        assertTrue(ik.tiledAttention());
        // a GPU system's host layers under the engine: tiled attention (no cache per core to spill), mainline's
        // matrix kernels (0.373, no factor), the fixed cost per expert matrix kept (7.28 us)
        Calibration hybrid = mainline.forCpuEngine(ik, false, false);
        assertEquals(Double.POSITIVE_INFINITY, hybrid.runtime().cpuCacheBytesPerCore());
        assertEquals(0.373, hybrid.cpuGemmCompute(), 1e-12);
        assertEquals(7.28e-6, hybrid.cpuExpertSeconds(), 1e-15);
        // a cpu-only run: tiled attention and the factor, 0.373 x f
        Calibration cpuOnly = mainline.forCpuEngine(ik, true, false);
        assertEquals(Double.POSITIVE_INFINITY, cpuOnly.runtime().cpuCacheBytesPerCore());
        assertEquals(Math.min(1, 0.373 * ik.promptFactor()), cpuOnly.cpuGemmCompute(), 1e-12);
        assertEquals(7.28e-6, cpuOnly.cpuExpertSeconds(), 1e-15);
        // an engine whose attention is ggml-cpu's keeps the runtime's cache per core
        Calibration untiled = mainline.forCpuEngine(new CpuEngine("other", List.of("other"), 1, 1,
                BackendCalibration.UNCALIBRATED, false), false, false);
        assertEquals(runtime.cpuCacheBytesPerCore(), untiled.runtime().cpuCacheBytesPerCore());
    }

    @Test
    void weightsInTheRowInterleavedLayoutRunTheEnginesKernelsItsRepackedFactorFaster() {
        Efficiency cpu = new Efficiency(0.84, 0.5, 1.42e-6, 0.151, Efficiency.QuantizedPath.INT8, 0, 0, 0.692);
        Calibration mainline = new Calibration(Map.of(), Map.of(), cpu, 32e9, null, Map.of(), Map.of(), 0.373);
        CpuEngine ik = new CpuEngine("ik", List.of("ik_llama.cpp"), 1.084, 1.6, BackendCalibration.FITTED, false);
        Efficiency plain = mainline.forCpuEngine(ik, true, false).cpuFor(new Precision(5.5, 16, 16, "Q5_0"));
        Efficiency repacked = mainline.forCpuEngine(ik, true, true).cpuFor(new Precision(5.5, 16, 16, "Q5_0_R4"));
        // the dot products: 0.373 x 1.084 = 0.404332 plain, x 1.6 = 0.6469312 repacked; the other vector work
        // 0.692 plain, 0.692 / 1.6 = 0.4325 repacked; so an int8 op's time, 1 / (peak x e) + v / fp32, is 1.6x less
        assertEquals(0.404332, plain.quantizedCompute(), 1e-9);
        assertEquals(0.6469312, repacked.quantizedCompute(), 1e-9);
        assertEquals(0.692, plain.vectorOpsPerInt8Op(), 1e-12);
        assertEquals(0.4325, repacked.vectorOpsPerInt8Op(), 1e-12);
        // a factor that would lift the dot products past their peak is capped there: 0.373 x 1.084 x 3 = 1.21 -> 1
        CpuEngine fast = new CpuEngine("ik", List.of("ik_llama.cpp"), 1.084, 3, BackendCalibration.FITTED, false);
        assertEquals(1, mainline.forCpuEngine(fast, true, true).cpuGemmCompute());
        // a GPU system's host layers keep mainline's kernels, repacked or not
        assertEquals(0.373, mainline.forCpuEngine(ik, false, true).cpuGemmCompute(), 1e-12);
    }

    @Test
    void aTypeNamedInItsInterleavedLayoutOrARunTimeRepackBuildIsRepacked() {
        assertTrue(CpuEngine.repacked("Q5_0_R4", "ik_llama.cpp (2024-12)"));
        assertTrue(CpuEngine.repacked("IQ4_XS_R8 (4.25 bpw)", "ik_llama.cpp"));
        assertTrue(CpuEngine.repacked("IQ4_XS (custom mix)", "ik_llama.cpp (2025-04-29), sweep-bench -fa -rtr -fmoe"));
        assertTrue(CpuEngine.repacked("Q4_K_M", "ik_llama.cpp build 2ec2229f, --run-time-repack"));
        assertFalse(CpuEngine.repacked("Q5_0", "ik_llama.cpp (2024-12)"));
        assertFalse(CpuEngine.repacked("Q4_K_M", "ik_llama.cpp build 2ec2229f (3702), -fa 1"));
        // a name that only contains the letters, or a flag that only starts with them, is not the layout
        assertFalse(CpuEngine.repacked("Q4_0_R4X", "ik_llama.cpp -rtrx"));
    }

    @Test
    void anEngineWithoutNamesOrWithAnUnknownStatusIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of(), 1.1, 1, BackendCalibration.FITTED, false));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of("ik_llama.cpp"), 1.1, 1, "borrowed:cuda", false));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of("ik_llama.cpp"), 0, 1, BackendCalibration.FITTED, false));
        assertThrows(IllegalArgumentException.class,
                () -> new CpuEngine("ik", List.of("ik_llama.cpp"), 1.1, 0, BackendCalibration.FITTED, false));
    }
}
