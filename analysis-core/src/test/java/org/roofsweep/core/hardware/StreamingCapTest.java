package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cores' streaming cap on a device's bandwidth, worked by hand. */
class StreamingCapTest {
    private static final double T = 1e12;
    private static final double GB = 1e9;
    /** M1 Max with 24 and 32 GPU cores: FP32 7.8 and 10.4 TFLOPS on the same 400 GB/s bus. */
    private static final PeakThroughput M1_MAX_24 = fp32Only(7.8 * T);
    private static final PeakThroughput M1_MAX_32 = fp32Only(10.4 * T);
    private static final Efficiency CAPPED = new Efficiency(0.81, 0.68, 154e-6, 0.56, Efficiency.QuantizedPath.FLOAT, 0,
            0.025);

    private static PeakThroughput fp32Only(double fp32) {
        return new PeakThroughput(fp32, fp32, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void theCoresCapABusThatIsWideForThem() {
        // 0.025 B/FLOP x 7.8 TFLOPS = 195 GB/s and x 10.4 TFLOPS = 260 GB/s, both below 0.81 x 400 = 324 GB/s
        assertEquals(195 * GB, CAPPED.streamingBytesPerSecond(400 * GB, M1_MAX_24), 1e6);
        assertEquals(260 * GB, CAPPED.streamingBytesPerSecond(400 * GB, M1_MAX_32), 1e6);
    }

    @Test
    void aNarrowBusStaysTheBound() {
        // M1 (7 cores): 0.025 x 2.275 TFLOPS = 56.9 GB/s above 0.81 x 68.25 = 55.28 GB/s
        assertEquals(0.81 * 68.25 * GB, CAPPED.streamingBytesPerSecond(68.25 * GB, fp32Only(2.275 * T)), 1e6);
    }

    @Test
    void noCapWithoutAFigureOrAnFp32Peak() {
        Efficiency plain = new Efficiency(0.81, 0.68, 154e-6, 0.56, Efficiency.QuantizedPath.FLOAT, 0);
        assertEquals(324 * GB, plain.streamingBytesPerSecond(400 * GB, M1_MAX_24), 1e6);
        assertEquals(324 * GB, CAPPED.streamingBytesPerSecond(400 * GB, PeakThroughput.NONE), 1e6);
    }
}
