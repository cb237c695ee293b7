package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;

/** ggml_cuda_should_use_mmq on AMD: CDNA 1/2 send K-quants above 256 rows and IQ formats above 128 to hipBLAS. */
class HipBlasPromptsTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    private static final Precision IQ4_NL = new Precision(4.5, 16, 16, "IQ4_NL - 4.5 bpw");
    private static final Precision Q4_K_M = new Precision(4.89, 16, 16, "Q4_K_M");
    private static final Precision Q4_0 = new Precision(4.5, 16, 16, "Q4_0");
    private static final Precision BITS_ONLY = new Precision(4.5, 16, 16);

    @Test
    void mi100RunsIq4PromptsOfAFullMicroBatchOnHipBlas() {
        Gpu mi100 = HW.gpu("mi100").orElseThrow();
        assertTrue(HipBlasPrompts.taken(Backend.ROCM, mi100, IQ4_NL, 512));
        assertEquals(Efficiency.QuantizedPath.DEQUANT_F16,
                HW.calibration().gpu(mi100, IQ4_NL, 512).pathOn(mi100.peak()));
        // up to 128 rows every format runs MFMA MMQ
        assertFalse(HipBlasPrompts.taken(Backend.ROCM, mi100, IQ4_NL, 128));
    }

    @Test
    void cdnaKeepsMmqForLegacyQuantsAtAnyBatchAndForQ4KUpTo256Rows() {
        Gpu mi210 = HW.gpu("mi210").orElseThrow();
        assertFalse(HipBlasPrompts.taken(Backend.ROCM, mi210, Q4_0, 512));
        assertFalse(HipBlasPrompts.taken(Backend.ROCM, mi210, Q4_K_M, 256));
        assertTrue(HipBlasPrompts.taken(Backend.ROCM, mi210, Q4_K_M, 512));
    }

    @Test
    void cdna3RdnaGcnOtherBackendsAndUnnamedFormatsKeepTheBackendsPath() {
        for (String key : new String[] {"mi300x", "rx9070xt", "rx7900xtx", "rx6800xt", "mi50_32gb"}) {
            assertFalse(HipBlasPrompts.taken(Backend.ROCM, HW.gpu(key).orElseThrow(), IQ4_NL, 512), key);
        }
        Gpu mi100 = HW.gpu("mi100").orElseThrow();
        assertFalse(HipBlasPrompts.taken(Backend.VULKAN, mi100, IQ4_NL, 512));
        assertFalse(HipBlasPrompts.taken(Backend.ROCM, mi100, BITS_ONLY, 512));
        assertFalse(HipBlasPrompts.taken(Backend.ROCM, mi100, Precision.FP16, 512));
    }
}
