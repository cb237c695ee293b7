package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

/**
 * ROCm/HIP prompts on quantized weights run ggml-cuda's int8 MMQ: WMMA, MFMA or dp4a, whichever the card has, with
 * the weights' unpacking on the FP32 vector units.
 */
class RocmQuantizedPathTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    @Test
    void everyAmdGenerationTakesTheInt8PathAtItsOwnInt8RateInSeriesWithItsVectorWork() {
        Efficiency rocm = HW.calibration().backends().get(Backend.ROCM).efficiency();
        double q = rocm.quantizedCompute();
        double v = rocm.vectorOpsPerInt8Op();
        // int8 TOPS (RDNA 3 WMMA 122.9, RDNA 2 dp4a 82.9, GCN 5 (MI50) dp4a 53.0, CDNA 2 MFMA 181.0) and FP32 TFLOPS
        String[] keys = {"rx7900xtx", "rx6800xt", "mi50_32gb", "mi210"};
        double[] int8Tops = {122.9, 82.9, 53.0, 181.0};
        double[] fp32Tflops = {61.4, 20.74, 13.3, 22.6};
        for (int i = 0; i < keys.length; i++) {
            Gpu g = HW.gpu(keys[i]).orElseThrow();
            Efficiency e = HW.calibration().gpu(g);
            assertEquals(Efficiency.QuantizedPath.INT8, e.pathOn(g.peak()), keys[i]);
            double expected = 1e12 / (1 / (int8Tops[i] * q) + v / fp32Tflops[i]);
            assertEquals(expected, e.flopsPerSecond(g.peak(), 1, g.tdpWatts(), Q4_0), 1e9, keys[i]);
        }
    }

    @Test
    void theVectorWorkHoldsAnRdna3CardToAFractionOfItsInt8Peak() {
        Efficiency e = new Efficiency(0.84, 0.76, 100e-6, 0.625, Efficiency.QuantizedPath.INT8, 0, 0, 0.512);
        Gpu xtx = HW.gpu("rx7900xtx").orElseThrow();
        // 1 / (1 / (122.9 x 0.625) + 0.512 / 61.4) = 1 / (0.013018 + 0.008339) = 46.82 TOPS, 0.381 of the int8 peak
        assertEquals(46.82e12, e.flopsPerSecond(xtx.peak(), 1, xtx.tdpWatts(), Q4_0), 0.01e12);
        // without vector work the dot products alone: 122.9 x 0.625 = 76.81 TOPS
        Efficiency dotsOnly = new Efficiency(0.84, 0.76, 100e-6, 0.625, Efficiency.QuantizedPath.INT8, 0);
        assertEquals(76.81e12, dotsOnly.flopsPerSecond(xtx.peak(), 1, xtx.tdpWatts(), Q4_0), 0.01e12);
        // a copy on another path keeps the vector work
        assertEquals(0.512, e.withQuantizedPath(Efficiency.QuantizedPath.FLOAT).vectorOpsPerInt8Op());
    }
}
