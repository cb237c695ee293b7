package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

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

    /** A card of {@code bandwidth} bytes/s, {@code peak} and {@code cores}, nothing else that the cap reads. */
    private static Gpu card(double bandwidth, PeakThroughput peak, CoreClock cores) {
        return new Gpu("card", "card", java.util.List.of(), "nvidia", "test", "ampere_geforce", 24 * 1e9, bandwidth,
                peak, new HostLink(HostLink.Kind.PCIE, 4, 16, 31.5e9), 300, Double.NaN, Map.of(), cores);
    }

    private static Gpu card(double bandwidth, PeakThroughput peak) {
        return card(bandwidth, peak, CoreClock.NONE);
    }

    @Test
    void theCoresCapABusThatIsWideForThem() {
        // 0.025 B/FLOP x 7.8 TFLOPS = 195 GB/s and x 10.4 TFLOPS = 260 GB/s, both below 0.81 x 400 = 324 GB/s
        assertEquals(195 * GB, CAPPED.streamingBytesPerSecond(card(400 * GB, M1_MAX_24)), 1e6);
        assertEquals(260 * GB, CAPPED.streamingBytesPerSecond(card(400 * GB, M1_MAX_32)), 1e6);
    }

    @Test
    void aNarrowBusStaysTheBound() {
        // M1 (7 cores): 0.025 x 2.275 TFLOPS = 56.9 GB/s above 0.81 x 68.25 = 55.28 GB/s
        assertEquals(0.81 * 68.25 * GB, CAPPED.streamingBytesPerSecond(card(68.25 * GB, fp32Only(2.275 * T))), 1e6);
    }

    @Test
    void noCapWithoutAFigureOrAnFp32Peak() {
        Efficiency plain = new Efficiency(0.81, 0.68, 154e-6, 0.56, Efficiency.QuantizedPath.FLOAT, 0);
        assertEquals(324 * GB, plain.streamingBytesPerSecond(card(400 * GB, M1_MAX_24)), 1e6);
        assertEquals(324 * GB, CAPPED.streamingBytesPerSecond(card(400 * GB, PeakThroughput.NONE)), 1e6);
    }

    /**
     * An earlier generation's kernels move the cap by their memory ratio: 0.405 / 0.81 = 0.5, so the 24-core M1 Max
     * streams at min(0.405 x 400 = 162, 0.0125 x 7.8 TFLOPS = 97.5) = 97.5 GB/s, half the 195 of today's kernels (the
     * cap kept at 0.025 would have left it at 162 GB/s, a kernel rewrite the capped chip never sees).
     */
    @Test
    void anEarlierGenerationMovesTheCapWithItsMemory() {
        Efficiency earlier = CAPPED.withDecode(0.405, 154e-6);
        assertEquals(0.0125, earlier.streamCap().bytesPerSecondPerUnit(), 1e-12);
        assertEquals(97.5 * GB, earlier.streamingBytesPerSecond(card(400 * GB, M1_MAX_24)), 1e6);
    }

    /**
     * A family's memory deviation scales both bounds: SYCL at memory 0.8, 0.02 B/FLOP, and a family factor 1.1 give
     * the Arc B580 (456 GB/s, 13.7 TFLOPS FP32) min(0.88 x 456 = 401.3, 0.022 x 13.7 TFLOPS = 301.4) = 301.4 GB/s,
     * 1.1 x the 274 GB/s of the backend alone (min(364.8, 274)); the factor on the bus alone would have left 274.
     */
    @Test
    void aFamilyDeviationScalesTheCapToo() {
        Calibration shipped = TestCatalogs.CATALOGS.hardware().calibration();
        Gpu b580 = TestCatalogs.CATALOGS.hardware().gpu("arc_b580").orElseThrow();
        Map<Backend, BackendCalibration> backends = new EnumMap<>(shipped.backends());
        backends.put(Backend.SYCL, new BackendCalibration(Backend.SYCL,
                new Efficiency(0.8, 1, 200e-6, 1, Efficiency.QuantizedPath.DEQUANT_F16, 0, 0.02), "fitted"));
        Calibration c = shipped.with(backends, Map.of(b580.family(), new FamilyDeviation(1.1, 1)));
        Efficiency e = c.gpu(b580, Backend.SYCL);
        assertEquals(0.022, e.streamCap().bytesPerSecondPerUnit(), 1e-12);
        assertEquals(301.4 * GB, e.streamingBytesPerSecond(b580), 1e6);
        Efficiency alone = shipped.with(backends, Map.of()).gpu(b580, Backend.SYCL);
        assertEquals(274.0 * GB, alone.streamingBytesPerSecond(b580), 1e6);
    }

    /**
     * A cap per compute unit counts SMs, not FP32 lanes: at 12 GB/s per SM an A100 80GB PCIe (108 SMs, 19.5 TFLOPS
     * FP32, 1935 GB/s) streams min(0.93 x 1935 = 1799.6, 12 x 108 = 1296) = 1296 GB/s, and an RTX 4090 (128 SMs, 82.6
     * TFLOPS, 1008 GB/s) its bus, 0.93 x 1008 = 937.4 GB/s (its SMs could take 12 x 128 = 1536). Per FP32 FLOP the
     * A100's SMs would count half, their 64 FP32 lanes against the GeForce's 128.
     */
    @Test
    void aCapPerComputeUnitCountsTheUnitsNotTheirLanes() {
        Efficiency perUnit = new Efficiency(0.93, 0.75, 100e-6, 1, Efficiency.QuantizedPath.INT8, 0,
                new StreamCap(12 * GB, StreamCap.Basis.COMPUTE_UNIT), 0, 0);
        Gpu a100 = card(1935 * GB, fp32Only(19.5 * T), new CoreClock(108, 1410e6));
        Gpu rtx4090 = card(1008 * GB, fp32Only(82.6 * T), new CoreClock(128, 2520e6));
        assertEquals(1296 * GB, perUnit.streamingBytesPerSecond(a100), 1e6);
        assertEquals(0.93 * 1008 * GB, perUnit.streamingBytesPerSecond(rtx4090), 1e6);
        // a card that states no units streams at its bus whatever the cap
        assertEquals(0.93 * 1935 * GB, perUnit.streamingBytesPerSecond(card(1935 * GB, fp32Only(19.5 * T))), 1e6);
        // the fit's c: the A100's 1935 / 108 = 17.92 GB/s of bus per SM against the RTX 4090's 1008 / 128 = 7.875
        assertEquals(17.917 * GB, perUnit.streamCap().busBytesPerSecondPerUnit(a100), 1e6);
        assertEquals(7.875 * GB, perUnit.streamCap().busBytesPerSecondPerUnit(rtx4090), 1e6);
        // calibration.json states it in GB/s per unit, a table cell too
        assertEquals(12, perUnit.streamCap().fileFigure(), 1e-12);
        assertEquals("12.000 GB/s/unit", StreamCap.Basis.COMPUTE_UNIT.cell(perUnit.streamCap().bytesPerSecondPerUnit()));
        assertEquals("0.0250 B/FLOP", StreamCap.Basis.FP32_FLOP.cell(0.025));
        assertEquals("0.125", StreamCap.Basis.COMPUTE_UNIT.stepText());
        assertEquals("0.0005", StreamCap.Basis.FP32_FLOP.stepText());
    }

    /** A backend that declares no cap has none, whatever its card states. */
    @Test
    void noDeclaredCapHasNoBasis() {
        assertEquals(false, StreamCap.NONE.declared());
        assertEquals(Double.POSITIVE_INFINITY, StreamCap.NONE.bytesPerSecond(card(1935 * GB, fp32Only(19.5 * T),
                new CoreClock(108, 1410e6))));
        assertEquals(true, Double.isNaN(StreamCap.NONE.busBytesPerSecondPerUnit(card(1935 * GB, fp32Only(19.5 * T)))));
    }
}
