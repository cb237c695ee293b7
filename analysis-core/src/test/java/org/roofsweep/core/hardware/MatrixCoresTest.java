package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

/** Which cards' matrix units a float-path matmul gains from (AMD by architecture, Intel under Vulkan from Xe2 on). */
class MatrixCoresTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Calibration VULKAN = HW.calibration().running(Backend.VULKAN);
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    @Test
    void vulkanOnAnAlchemistArcMultipliesQuantizedWeightsOnItsVectorUnits() {
        Gpu a770 = HW.gpu("arc_a770_16gb").orElseThrow();
        Efficiency e = VULKAN.gpu(a770);
        assertEquals(Efficiency.QuantizedPath.VECTOR, e.pathOn(a770.peak()));
        // 17.2 TFLOPS FP32 x the Vulkan float path's vector fallback, not the 137.6 TFLOPS of its XMX engines
        assertEquals(17.2e12 * e.vectorFallback(), e.flopsPerSecond(a770.peak(), 1, a770.tdpWatts(), Q4_0), 1e6);
    }

    @Test
    void vulkanOnBattlemageAndNvidiaUsesTheirMatrixUnits() {
        Gpu b580 = HW.gpu("arc_b580").orElseThrow();
        Gpu rtx3090 = HW.gpu("rtx3090").orElseThrow();
        assertEquals(Efficiency.QuantizedPath.FLOAT, VULKAN.gpu(b580).pathOn(b580.peak()));
        assertEquals(Efficiency.QuantizedPath.FLOAT, VULKAN.gpu(rtx3090).pathOn(rtx3090.peak()));
    }

    @Test
    void amdCardsUpToRdna3RunFloatMatmulsAtTheirVectorRateAndRdna4AtItsMatrixRate() {
        // RX 7900 XTX: 122.9 F16 = 2.0016 x 61.4 FP32, RX 7900 XT: 103.2 = 2.0 x 51.6; both WMMA at the dual-issue rate
        for (String key : new String[] {"rx7900xtx", "rx7900xt", "rx6700xt", "rx6800xt", "mi50_32gb"}) {
            Gpu g = HW.gpu(key).orElseThrow();
            assertEquals(Efficiency.QuantizedPath.VECTOR, VULKAN.gpu(g).pathOn(g.peak()), key);
        }
        // RX 9070: 145.7 WMMA F16 = 4 x 36.4 FP32
        Gpu rx9070 = HW.gpu("rx9070").orElseThrow();
        assertEquals(Efficiency.QuantizedPath.FLOAT, VULKAN.gpu(rx9070).pathOn(rx9070.peak()));
    }

    @Test
    void otherBackendsKeepTheirPathOnTheSameCard() {
        Gpu a770 = HW.gpu("arc_a770_16gb").orElseThrow();
        Efficiency sycl = HW.calibration().gpu(a770);
        assertEquals(HW.calibration().backends().get(Backend.SYCL).efficiency().quantizedPath(),
                sycl.quantizedPath());
        assertEquals(true, MatrixCores.used(Backend.SYCL, a770));
        assertEquals(false, MatrixCores.used(Backend.VULKAN, a770));
    }
}
