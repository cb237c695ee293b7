package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.model.Precision;

/** The prompt path of quantized weights per card and build generation, with the rates worked by hand. */
class QuantizedPathTest {
    private static final double T = 1e12;
    /** RTX 4090: FP32 82.6, FP16 (FP32 acc.) 165.2, FP16 (FP16 acc.) 330.3, INT8 660.6 TFLOPS. */
    private static final PeakThroughput RTX4090 = new PeakThroughput(82.6 * T, 165.2 * T, 165.2 * T, Double.NaN,
            660.6 * T, Double.NaN, 330.3 * T);
    /** Tesla P40: FP32 11.76, FP16 0.18, INT8 (dp4a) 47 TFLOPS. */
    private static final PeakThroughput P40 = new PeakThroughput(11.76 * T, 0.18 * T, Double.NaN, Double.NaN, 47 * T,
            Double.NaN, Double.NaN);
    /** V100: FP32 15.7, FP16 125 TFLOPS, no int8 tensor cores. */
    private static final PeakThroughput V100 = new PeakThroughput(15.7 * T, 125 * T, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN);
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    @Test
    void todaysBuildsRunMmqWhereInt8IsFasterAndCopyToF16Elsewhere() {
        Efficiency mmq = new Efficiency(0.9, 0.4, 0, 0.2, Efficiency.QuantizedPath.INT8);
        assertEquals(Efficiency.QuantizedPath.INT8, mmq.pathOn(RTX4090));
        assertEquals(Efficiency.QuantizedPath.INT8, mmq.pathOn(P40));
        assertEquals(Efficiency.QuantizedPath.DEQUANT_F16, mmq.pathOn(V100));
        // 660.6 TOPS x 0.2 = 132.12 TOPS
        assertEquals(132.12 * T, mmq.flopsPerSecond(RTX4090, 900e9, Double.NaN, Q4_0), 1e6);
    }

    @Test
    void earlierBuildsCopiedToF16OnTensorCoresOnly() {
        Efficiency copy = new Efficiency(0.9, 0.4, 0, 0.2, Efficiency.QuantizedPath.DEQUANT_F16);
        assertEquals(Efficiency.QuantizedPath.DEQUANT_F16, copy.pathOn(RTX4090));
        // P40: its fastest F16 rate (11.76 FP32) is not above 2 x 11.76, no F16 matrix units: MMQ on dp4a
        assertEquals(Efficiency.QuantizedPath.INT8, copy.pathOn(P40));
        // 4090 streaming 907.2 GB/s: per FLOP the GEMM takes 1 / (330.3 T x 0.4) = 7.569e-15 s and the copy
        // (0.5625 + 2) bytes / (2 x 512 tokens x 907.2e9) = 2.759e-15 s; together 1.0328e-14 s, 96.83 TFLOPS
        assertEquals(96.83 * T, copy.flopsPerSecond(RTX4090, 907.2e9, Double.NaN, Q4_0), 0.02 * T);
    }

    @Test
    void aBuildBeforeTheSwitchTakesTheEarlierPath() {
        Efficiency mmq = new Efficiency(0.9, 0.4, 0, 0.2, Efficiency.QuantizedPath.INT8);
        BackendCalibration cuda = new BackendCalibration(Backend.CUDA, mmq, BackendCalibration.FITTED,
                Efficiency.QuantizedPath.DEQUANT_F16, java.time.LocalDate.of(2024, 6, 23));
        assertEquals(Efficiency.QuantizedPath.DEQUANT_F16,
                cuda.builtOn(KernelBuild.on(java.time.LocalDate.of(2024, 5, 1))).efficiency().quantizedPath());
        assertEquals(Efficiency.QuantizedPath.INT8,
                cuda.builtOn(KernelBuild.on(java.time.LocalDate.of(2024, 6, 23))).efficiency().quantizedPath());
    }
}
