package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

/** ROCm/HIP prompts on quantized weights run ggml-cuda's int8 MMQ: WMMA, MFMA or dp4a, whichever the card has. */
class RocmQuantizedPathTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    @Test
    void everyAmdGenerationTakesTheInt8PathAtItsOwnInt8Rate() {
        double q = HW.calibration().backends().get(Backend.ROCM).efficiency().quantizedCompute();
        // RDNA 3 WMMA 122.9 TOPS, RDNA 2 dp4a 82.9, GCN 5 (MI50) dp4a 53.0, CDNA 2 MFMA 181.0, each x the fitted fraction
        String[] keys = {"rx7900xtx", "rx6800xt", "mi50_32gb", "mi210"};
        double[] int8Tops = {122.9, 82.9, 53.0, 181.0};
        for (int i = 0; i < keys.length; i++) {
            Gpu g = HW.gpu(keys[i]).orElseThrow();
            Efficiency e = HW.calibration().gpu(g);
            assertEquals(Efficiency.QuantizedPath.INT8, e.pathOn(g.peak()), keys[i]);
            assertEquals(int8Tops[i] * 1e12 * q, e.flopsPerSecond(g.peak(), 1, g.tdpWatts(), Q4_0), 1e9, keys[i]);
        }
    }
}
