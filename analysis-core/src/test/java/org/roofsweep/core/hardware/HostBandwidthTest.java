package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.model.Precision;

/** One effective host bandwidth per CPU and its memory, from the catalog's STREAM-like measurements. */
class HostBandwidthTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    /**
     * The dual-channel efficiency: the median of the two measured dual-channel CPUs, i9-14900K 63 GB/s of
     * 2 x 8 B x 4800 MT/s = 76.8 (0.8203125) and Ryzen 7 9700X 62.9 of 89.6 (0.7020089): (0.8203125 + 0.7020089) / 2.
     */
    private static final double DUAL_CHANNEL = (63 / 76.8 + 62.9 / 89.6) / 2;

    @Test
    void aNamedPlatformAndTheSamePairHaveTheSameHostBandwidth() {
        Platform named = HW.platforms().get("pc_high");
        Platform paired = HW.platform("rtx4090+i9_13900k", 0).orElseThrow();
        // i9-13900K, no measurement of its own: 89.6 GB/s rated x 0.76116 = 68.20 GB/s either way
        assertEquals(89.6e9 * DUAL_CHANNEL, named.hostBandwidthBytesPerSecond(), 1e6);
        assertEquals(68.20e9, paired.hostBandwidthBytesPerSecond(), 0.01e9);
        assertEquals(named.hostBandwidthBytesPerSecond(), paired.hostBandwidthBytesPerSecond(), 0);
        assertEquals("fitted:dual_channel", HW.cpu("i9_13900k").orElseThrow().bandwidthBasis());
    }

    @Test
    void aMeasuredCpuKeepsItsOwnEfficiencyAtItsRatedSpeed() {
        Cpu c = HW.cpu("i9_14900k").orElseThrow();
        // 63 GB/s at DDR5-4800 is 0.8203 of 76.8; at the rated DDR5-5600 (89.6 GB/s): 89.6 x 0.8203 = 73.50 GB/s
        assertEquals(73.50e9, c.effectiveBandwidthBytesPerSecond(), 0.01e9);
        assertEquals(HostBandwidth.MEASURED, c.bandwidthBasis());
        // Strix Halo's CPU cores stop at the SoC fabric: 108.62 GB/s of 256, and one part does not make its family
        assertEquals(108.62e9, HW.cpu("ryzen_ai_max_395").orElseThrow().effectiveBandwidthBytesPerSecond(), 1e6);
        assertEquals("borrowed:dual_channel", HW.cpu("core_ultra_7_258v").orElseThrow().bandwidthBasis());
    }

    @Test
    void serversWithoutMeasurementsBorrowTheDualChannelEfficiency() {
        Cpu epyc = HW.cpu("epyc_9654").orElseThrow();
        // 12 x 8 B x 4800 MT/s = 460.8 GB/s x 0.76116 = 350.7 GB/s
        assertEquals(460.8e9 * DUAL_CHANNEL, epyc.effectiveBandwidthBytesPerSecond(), 1e6);
        assertEquals("borrowed:dual_channel", epyc.bandwidthBasis());
    }

    @Test
    void aPlatformWithSlowerInstalledMemoryScalesTheEffectiveFigure() {
        // PC-Low: i7-12700K (rated DDR5-4800, 76.8 GB/s) with DDR4-2400 installed: 76.8 x 2400/4800 x 0.76116 = 29.23
        assertEquals(29.23e9, HW.platforms().get("pc_low").hostBandwidthBytesPerSecond(), 0.01e9);
    }

    @Test
    void aRunOnFewThreadsStreamsAtMostItsThreadsShare() {
        Cpu r9 = HW.cpu("r9_7950x").orElseThrow();
        double perThread = HW.calibration().cpuThreadBytesPerSecond();
        assertEquals(32e9, perThread, 0);
        // 2 threads: min(83.2 x 0.76116 = 63.33, 2 x 32 = 64) GB/s, the socket's figure; compute on 2 of 16 cores
        Cpu two = r9.onThreads(2, perThread);
        assertEquals(83.2e9 * DUAL_CHANNEL, two.effectiveBandwidthBytesPerSecond(), 1e6);
        assertEquals(2 / 16.0, two.computeShare(), 0);
        assertEquals(r9.peakFor(new Precision(4.5, 16, 16)) * 2 / 16, two.peakFor(new Precision(4.5, 16, 16)), 1e3);
        // 1 thread: 32 GB/s; 32 threads on 16 cores compute on all 16
        assertEquals(32e9, r9.onThreads(1, perThread).effectiveBandwidthBytesPerSecond(), 0);
        assertEquals(r9.peakFor(Precision.FP16), r9.onThreads(32, perThread).peakFor(Precision.FP16), 0);
        // a run needs a thread
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r9.onThreads(0, perThread));
        assertTrue(e.getMessage().contains("r9_7950x") && e.getMessage().contains("at least 1 thread"), e.getMessage());
    }

    @Test
    void registeredMemoryRunsAtMostAtTheCpusRatedSpeed() {
        // EPYC 9554: DDR5-4800 RDIMMs; DDR5-5600 modules run at 4800: 460.8 x 0.76116 = 350.7 GB/s either way
        Cpu epyc = HW.cpu("epyc_9554").orElseThrow();
        assertEquals(epyc.effectiveBandwidthAt(4800), epyc.effectiveBandwidthAt(5600), 0);
        assertEquals(460.8e9 * DUAL_CHANNEL, epyc.effectiveBandwidthAt(5600), 1e6);
        // client DIMMs may run above the rating (XMP): i9-13900K with DDR5-6400 is 89.6 x 6400 / 5600 x 0.76116
        Cpu i9 = HW.cpu("i9_13900k").orElseThrow();
        assertEquals(89.6e9 * 6400 / 5600 * DUAL_CHANNEL, i9.effectiveBandwidthAt(6400), 1e6);
    }

    @Test
    void quantizedMatmulsRunAtTheVectorInt8RateNotTheAmxTiles() {
        // Xeon Platinum 8480: catalog int8 229.4 TOPS (AMX); the vector path is 4 x 7.17 TFLOPS FP32 = 28.68 TOPS
        Cpu xeon = HW.cpu("xeon_platinum_8480").orElseThrow();
        assertEquals(4 * xeon.fp32FlopsPerSecond(), xeon.peakFor(new Precision(4.8, 16, 16)), 1e6);
        // a Zen 2 part without VNNI keeps its catalog figure, 2 x FP32
        Cpu tr = HW.cpu("threadripper_3970x").orElseThrow();
        assertEquals(tr.int8OpsPerSecond(), tr.peakFor(new Precision(4.8, 16, 16)), 0);
    }

    @Test
    void aPlatformStatingBothSpeedAndBandwidthIsRejected(@TempDir Path tmp) throws IOException {
        assertRejected(tmp, "hardware/platforms/pc_low.json", "\"notes\"",
                "\"memory_bandwidth_gb_per_s\": {\"value\": 30, \"source\": \"a measurement\"},\n  \"notes\"",
                "pc_low.json: $.memory_speed_mt_per_s: state either");
    }

    /** A hybrid CPU file stating more P-cores than cores is rejected, naming the file and the field. */
    @Test
    void morePCoresThanCoresIsRejected(@TempDir Path tmp) throws IOException {
        assertRejected(tmp, "hardware/cpus/i7_13650hx.json", "\"performance_cores\": \\{\n    \"value\": 6",
                "\"performance_cores\": {\n    \"value\": 16", "i7_13650hx.json: $.performance_cores: more P-cores (16)");
    }

    /** The configs with {@code file}'s first match of {@code regex} replaced fail to load with {@code problem}. */
    private static void assertRejected(Path tmp, String file, String regex, String replacement, String problem)
            throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve(file);
        Files.writeString(f, Files.readString(f).replaceFirst(regex, replacement));
        ConfigException e = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        assertTrue(String.join("\n", e.problems()).contains(problem), e.getMessage());
    }
}
