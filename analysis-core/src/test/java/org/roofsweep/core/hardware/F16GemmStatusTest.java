package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

/**
 * A backend whose F16 matrix figure alone is borrowed (ROCm's and Vulkan's f16_gemm, borrowed from CUDA in the shipped
 * calibration.json for want of F16 prompt rows) labels the points whose prompts run on that figure, and only those.
 */
class F16GemmStatusTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Calibration C = HW.calibration();
    private static final Precision Q4_0 = new Precision(4.5, 16, 16, "Q4_0");
    private static final Precision IQ4_NL = new Precision(4.5, 16, 16, "IQ4_NL - 4.5 bpw");

    @Test
    void aSourceThatNamesALenderBorrowsFromIt() {
        assertEquals(Optional.of("cuda"), BackendCalibration.lenderIn("borrowed from cuda: no F16 prompt row"));
        // only at the start, and only a backend's key
        assertEquals(Optional.empty(), BackendCalibration.lenderIn("fitted; once borrowed from cuda"));
        assertEquals(Optional.empty(), BackendCalibration.lenderIn("borrowed from cudnn: a library, not a backend"));
        assertEquals(Optional.empty(), BackendCalibration.lenderIn(null));
        assertEquals("borrowed:cuda", CalibrationFile.f16GemmStatus("borrowed from cuda: none", "fitted"));
        assertEquals("fitted", CalibrationFile.f16GemmStatus("fitted by ./submit.sh calibrate", "fitted"));
    }

    @Test
    void theShippedFileBorrowsRocmAndVulkanF16FromCudaAndNoOtherBackendsFigure() {
        Gpu rx7900xtx = HW.gpu("rx7900xtx").orElseThrow();
        assertEquals("fitted", C.status(rx7900xtx));
        assertEquals("borrowed:cuda", C.f16GemmStatus(rx7900xtx));
        assertFalse(C.oneStatus(rx7900xtx));
        Gpu rtx4090 = HW.gpu("rtx4090").orElseThrow();
        assertEquals("fitted", C.f16GemmStatus(rtx4090));
        assertTrue(C.oneStatus(rtx4090));
    }

    @Test
    void aRocmPointTakesTheF16StatusOnlyWhereItsPromptRunsTheF16Gemm() {
        Gpu rx7900xtx = HW.gpu("rx7900xtx").orElseThrow();
        // F16 weights: the F16 GEMM; Q4_0 on RDNA 3: MMQ on the int8 path, ROCm's own fit
        assertEquals("borrowed:cuda", C.status(rx7900xtx, Precision.FP16, 512));
        assertEquals("fitted", C.status(rx7900xtx, Q4_0, 512));
        // CDNA 1's IQ4_NL: MMQ up to 128 rows, hipBLAS on the F16 copy above (HipBlasPrompts)
        Gpu mi100 = HW.gpu("mi100").orElseThrow();
        assertEquals("fitted", C.status(mi100, IQ4_NL, 128));
        assertEquals("borrowed:cuda", C.status(mi100, IQ4_NL, 512));
        // CUDA's F16 figure is its own
        assertEquals("fitted", C.status(HW.gpu("rtx4090").orElseThrow(), Precision.FP16, 512));
    }

    @Test
    void aRefitKeepsASeparatelyBorrowedFigureBorrowedAndAnUnknownStatusIsRefused() {
        BackendCalibration rocm = new BackendCalibration(Backend.ROCM, new Efficiency(0.8, 0.7, 1e-5), "fitted",
                null, null, List.of(), "borrowed:cuda");
        assertEquals("borrowed:cuda", rocm.with(rocm.efficiency(), "fitted").f16GemmStatus());
        BackendCalibration own = new BackendCalibration(Backend.ROCM, new Efficiency(0.8, 0.7, 1e-5), "fitted");
        assertEquals("uncalibrated", own.with(own.efficiency(), "uncalibrated").f16GemmStatus());
        assertThrows(IllegalArgumentException.class, () -> new BackendCalibration(Backend.ROCM,
                new Efficiency(0.8, 0.7, 1e-5), "fitted", null, null, List.of(), "borrowed:nowhere"));
        // a fit of the backend's own F16 rows makes the figure its own
        assertEquals("fitted", rocm.withOwnF16Gemm().f16GemmStatus());
    }

    /**
     * "This prompt runs at the F16 matrix figure": weights not weight-only quantized (F16, and W8A8, whose products
     * take the INT8 peak at that figure's efficiency), or quantized weights on the F16 copy.
     */
    @Test
    void aPromptRunsTheF16FigureForUnquantizedWeightsW8a8AndTheF16Copy() {
        // MI100: F16 matrix cores at 184.6 TFLOPS, 8x its FP32 23.1; INT8 at the same 184.6, not slower
        PeakThroughput peak = HW.gpu("mi100").orElseThrow().peak();
        Efficiency int8 = new Efficiency(0.8, 0.7, 1e-5, 0.3, Efficiency.QuantizedPath.INT8);
        Efficiency copy = new Efficiency(0.8, 0.7, 1e-5, 0.3, Efficiency.QuantizedPath.DEQUANT_F16);
        Precision w8a8 = new Precision(8, 8, 16);
        assertTrue(int8.promptOnF16Gemm(Precision.FP16, peak));
        assertTrue(int8.promptOnF16Gemm(w8a8, peak));
        assertFalse(int8.promptOnF16Gemm(Q4_0, peak));
        // matrix cores above 2x the FP32 rate: the copy stays the copy; a Tesla P40, whose F16 rate is far below its
        // FP32 (no F16 matrix units), runs MMQ on the int8 path in its place (Efficiency.pathOn)
        assertTrue(copy.promptOnF16Gemm(Q4_0, peak));
        assertFalse(copy.promptOnF16Gemm(Q4_0, HW.gpu("p40").orElseThrow().peak()));
        assertEquals("borrowed:cuda", C.status(HW.gpu("rx7900xtx").orElseThrow(), w8a8, 512));
    }
}
