package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.Result;

/** CUDA graphs as the shipped calibration gates them, and what a captured decode step costs. */
class GraphCaptureTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Calibration CAL = HW.calibration();
    private static final GraphCapture CUDA = CAL.backends().get(Backend.CUDA).graphs();

    private static Gpu gpu(String key) {
        return HW.gpu(key).orElseThrow();
    }

    @Test
    void theComputeCapabilityIsTheCatalogsSmNumber() {
        assertEquals(8.9, gpu("rtx4090").computeCapability(), 1e-12);
        assertEquals(7.5, gpu("rtx2080ti").computeCapability(), 1e-12);
        assertEquals(6.1, gpu("p40").computeCapability(), 1e-12);
        assertEquals(8.0, gpu("a100_80gb_sxm").computeCapability(), 1e-12);
        assertEquals(12.0, gpu("rtx5090").computeCapability(), 1e-12);
        assertTrue(Double.isNaN(gpu("rx7900xtx").computeCapability()));
    }

    /**
     * Today (every gate merged): Ampere and newer and, since PR #25749, Turing capture a one-token step, whole or
     * split with the host; Pascal never; a step of two sequences never; AMD's backend has no capture at all.
     */
    @Test
    void todaysBuildsCaptureOneTokenStepsFromTuringOn() {
        assertTrue(CUDA.captures(gpu("rtx4090"), 1, false));
        assertTrue(CUDA.captures(gpu("rtx4090"), 1, true));
        assertTrue(CUDA.captures(gpu("rtx2080ti"), 1, false));
        assertFalse(CUDA.captures(gpu("p40"), 1, false));
        assertFalse(CUDA.captures(gpu("rtx4090"), 2, false));
        assertFalse(CAL.backends().get(Backend.ROCM).graphs().captures(gpu("rx7900xtx"), 1, false));
    }

    /**
     * Before PR #6766 (2024-05-08) no build captures; after it an Ampere+ card's whole-GPU step does, a step split
     * with the host not until PR #18934 (2026-01-24), a Turing card not until PR #25749 (2026-07-16).
     */
    @Test
    void aBuildCapturesWhatItsDatesGatesAllow() {
        GraphCapture april = CUDA.asOf(Optional.of(LocalDate.of(2024, 4, 30)));
        assertFalse(april.any());
        assertFalse(april.captures(gpu("rtx4090"), 1, false));
        GraphCapture june = CUDA.asOf(Optional.of(LocalDate.of(2024, 6, 1)));
        assertTrue(june.captures(gpu("rtx4090"), 1, false));
        assertFalse(june.captures(gpu("rtx4090"), 1, true));
        assertFalse(june.captures(gpu("rtx2080ti"), 1, false));
        GraphCapture february = CUDA.asOf(Optional.of(LocalDate.of(2026, 2, 1)));
        assertTrue(february.captures(gpu("rtx4090"), 1, true));
        assertFalse(february.captures(gpu("rtx2080ti"), 1, false));
        assertTrue(CUDA.asOf(Optional.empty()).captures(gpu("rtx2080ti"), 1, true));
    }

    /** A source that says graphs were off (GGML_CUDA_DISABLE_GRAPHS) or on (PR #6766's branch) overrides the date. */
    @Test
    void aStatedSwitchOverridesTheDate() {
        GraphCapture off = CUDA.asRun(new KernelBuild(Optional.of(LocalDate.of(2025, 6, 1)), "q4_0",
                "llama.cpp CUDA (b5000, CUDA graphs off)"));
        assertFalse(off.captures(gpu("rtx4090"), 1, false));
        GraphCapture on = CUDA.asRun(new KernelBuild(Optional.of(LocalDate.of(2024, 4, 19)), "q4_0",
                "llama.cpp CUDA (PR #6766 branch, CUDA graphs on, 2024-04-19)"));
        assertTrue(on.captures(gpu("rtx4090"), 1, false));
        assertFalse(CAL.builtOn(KernelBuild.on(LocalDate.of(2024, 1, 1))).backends().get(Backend.CUDA).graphs()
                .any());
    }

    /**
     * Llama-2-7B Q4_0 on an RTX 4090, 1 prompt token and 128 generated: each of the 127 decode steps after the prompt's
     * token runs its 32 layers at the captured launch in place of the per-kernel one, so the decode time falls by
     * 32 x 127 x (eager - graph), exactly, and the prompt is unchanged; a batch of two sequences captures nothing and
     * is unchanged; an engine's calibration (ExLlamaV2) launches its own kernels.
     */
    @Test
    void aCapturedStepPaysTheGraphsLaunchPerLayer() {
        Precision q4 = new Precision(4.5, 16, 16);
        Workload one = Workload.text(TestCatalogs.model("llama2_7b"), TestCatalogs.platform("rtx4090+i7_12700k", 64),
                1, 1, 128).withPrecision(q4);
        Calibration eager = CAL.withoutGraphCapture();
        double perLayer = CAL.backends().get(Backend.CUDA).efficiency().layerOverheadSeconds()
                - CUDA.layerOverheadSeconds();
        assertTrue(perLayer > 0, "the captured step is cheaper: " + perLayer);
        Result graphs = new DenseGpu().evaluate(one, CAL);
        Result launches = new DenseGpu().evaluate(one, eager);
        assertEquals(32 * 127 * perLayer, launches.decodeSeconds() - graphs.decodeSeconds(), 1e-12);
        assertEquals(launches.prefillSeconds(), graphs.prefillSeconds(), 0);
        Workload two = one.toBuilder().batch(2).build();
        assertEquals(new DenseGpu().evaluate(two, eager).decodeSeconds(),
                new DenseGpu().evaluate(two, CAL).decodeSeconds(), 0);
        Calibration engine = CAL.forEngine(CAL.engine("ExLlamaV2").orElseThrow());
        assertFalse(engine.backends().get(Backend.CUDA).graphs().any());
    }
}
