package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.model.Precision;

/**
 * The float path of quantized prompt products (Vulkan's cooperative-matrix shaders) under the board's power limit,
 * and its vector fallback at a figure of its own, with the rates worked by hand.
 */
class VulkanFloatPathTest {
    private static final double T = 1e12;
    private static final double PJ = 1e-12;
    /** RX 9070 XT: FP32 48.7, FP16 WMMA 194.6, INT8 389.3 TFLOPS; 304 W. */
    private static final PeakThroughput RX9070XT = new PeakThroughput(48.7 * T, 194.6 * T, 194.6 * T, Double.NaN,
            389.3 * T, Double.NaN, Double.NaN);
    /** RTX 3090: FP32 35.6, FP16 71.0 (FP32 acc.) and 142.0 (FP16 acc.), INT8 284 TFLOPS; 350 W. */
    private static final PeakThroughput RTX3090 = new PeakThroughput(35.6 * T, 71.0 * T, 71.0 * T, Double.NaN,
            284 * T, Double.NaN, 142.0 * T);
    /** RX 6800 XT: FP32 20.74, packed FP16 41.47 (no matrix units), INT8 82.9 TFLOPS; 300 W. */
    private static final PeakThroughput RX6800XT = new PeakThroughput(20.74 * T, 41.47 * T, Double.NaN, Double.NaN,
            82.9 * T, Double.NaN, Double.NaN);
    private static final Precision Q4_K = new Precision(4.8, 16, 16);
    /** Float path 0.615, 1.373 pJ per F16 matrix FLOP, vector fallback 0.446. */
    private static final Efficiency VULKAN = new Efficiency(0.875, 0.756, 31.8e-6, 0.615,
            Efficiency.QuantizedPath.FLOAT, 1.373 * PJ, 0, 0, 0.446);

    @Test
    void theCooperativeMatrixProductsPayTheBoardsPowerLimit() {
        // RX 9070 XT: 1.373 pJ x 194.6 TFLOP/s / 304 W = 0.87889; 1 / (1 / 0.615 + 0.87889) = 1 / (1.62602 +
        // 0.87889) = 0.39922 of 194.6 = 77.69 TFLOPS
        assertEquals(Efficiency.QuantizedPath.FLOAT, VULKAN.pathOn(RX9070XT));
        assertEquals(0.39922, VULKAN.floatPathFraction(194.6 * T, 304), 1e-5);
        assertEquals(77.69 * T, VULKAN.flopsPerSecond(RX9070XT, 600e9, 304, Q4_K), 0.01 * T);
        // RTX 3090 at its FP16-accumulate rate: 1.373 x 142 / 350 = 0.55704; 1 / (1.62602 + 0.55704) = 0.45807 of
        // 142 = 65.05 TFLOPS: the power limit takes 25% off the GeForce card and 35% off the RDNA 4 one
        assertEquals(65.05 * T, VULKAN.flopsPerSecond(RTX3090, 900e9, 350, Q4_K), 0.01 * T);
        // no TDP known: the kernel's own 0.615
        assertEquals(0.615 * 194.6 * T, VULKAN.flopsPerSecond(RX9070XT, 600e9, Double.NaN, Q4_K), 1e6);
    }

    @Test
    void aCardWithoutMatrixUnitsRunsTheScalarShadersAtTheirOwnFigure() {
        // RX 6800 XT: F16 41.47 is not above 2 x 20.74, no F16 matrix units: the vector fallback, 20.74 x 0.446
        // = 9.250 TFLOPS, no power term (the energy figure is the matrix units')
        assertEquals(Efficiency.QuantizedPath.VECTOR, VULKAN.pathOn(RX6800XT));
        assertEquals(9.250 * T, VULKAN.flopsPerSecond(RX6800XT, 512e9, 300, Q4_K), 0.001 * T);
    }

    @Test
    void aBackendThatStatesNoVectorFigureFallsBackAtItsQuantizedOne() {
        // Metal's simdgroup matrices run at the vector rate on every Apple GPU: 0 = the quantized figure, 0.556
        Efficiency metal = new Efficiency(0.801, 0.677, 138.9e-6, 0.556, Efficiency.QuantizedPath.FLOAT);
        assertEquals(0.556, metal.vectorFallback(), 0);
        assertEquals(0.556 * 20.74 * T, metal.flopsPerSecond(RX6800XT, 512e9, 300, Q4_K), 1e6);
    }
}
