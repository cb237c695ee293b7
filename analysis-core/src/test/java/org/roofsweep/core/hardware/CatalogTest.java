package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;

class CatalogTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    /** The accelerator keys that measurement files join on (a test resource: key,name per line after a header). */
    private static final String KEYS = "/reference/accelerator-keys.csv";
    /** Figures every GPU file carries: memory, bandwidth, six peaks, link, TDP, price (GeForce: FP16 accumulate too). */
    private static final int GPU_FIGURES = 11;

    @Test
    void everyAcceleratorKeyResolves() throws IOException, URISyntaxException {
        List<String> keys = Files.readAllLines(Path.of(CatalogTest.class.getResource(KEYS).toURI())).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(89, keys.size());
        for (String k : keys) {
            assertTrue(HW.gpu(k).isPresent(), "no GPU " + k);
        }
    }

    @Test
    void everyFigureHasASource() {
        for (Gpu g : HW.gpus().values()) {
            // the optional figures: FP16-accumulate peak, compute units, boost clock
            int figures = GPU_FIGURES + (Double.isNaN(g.peak().fp16Acc16()) ? 0 : 1)
                    + (g.cores().unitsKnown() ? 1 : 0) + (g.cores().clockKnown() ? 1 : 0);
            assertEquals(figures, g.sources().size(), g.key() + " " + g.sources().keySet());
            g.sources().forEach((path, source) -> assertFalse(source.isBlank(), g.key() + " " + path));
            assertTrue(g.memoryBytes() > 0 && g.bandwidthBytesPerSecond() > 0, g.key());
            assertTrue(HW.calibration().backends().containsKey(Backend.forVendor(g.vendor())), g.key());
        }
        for (Cpu c : HW.cpus().values()) {
            c.sources().forEach((path, source) -> assertFalse(source.isBlank(), c.key() + " " + path));
        }
        assertTrue(HW.cpus().size() >= 12, "CPUs: " + HW.cpus().size());
    }

    @Test
    void theRtx4090MatchesTheAdaWhitepaper() {
        Gpu g = HW.gpu("rtx4090").orElseThrow();
        assertEquals(24 * 1024.0 * 1024 * 1024, g.memoryBytes(), 0);
        assertEquals(1008e9, g.bandwidthBytesPerSecond(), 0);
        // dense FP16 tensor with FP32 accumulate: half of 330.3 (Ada whitepaper Appendix A)
        assertEquals(165.2e12, g.peak().fp16(), 0.1e12);
        // llama.cpp's F16 GEMM accumulates in FP16 (CUBLAS_COMPUTE_16F): the full 330.3 of the same table
        assertEquals(330.3e12, g.peak().fp16Acc16(), 0.1e12);
        assertEquals(330.3e12, g.peak().forPrecision(new org.roofsweep.core.model.Precision(16, 16, 16)), 0.1e12);
        assertEquals(31.5e9, g.link().bytesPerSecond(), 0);
    }

    @Test
    void powerInfersMachinesAreNamedPlatforms() {
        Platform high = HW.platforms().get("pc_high");
        assertEquals("rtx4090", high.gpu().key());
        assertEquals("i9_13900k", high.cpu().key());
        assertEquals("rtx2080ti", HW.platforms().get("pc_low").gpu().key());
    }

    @Test
    void gpuCpuPairsArePlatformsWithTheCpusEffectiveBandwidth() {
        Platform p = HW.platform("rtx3060_12gb+i7_12700k", 64).orElseThrow();
        assertEquals(HW.cpu("i7_12700k").orElseThrow().effectiveBandwidthBytesPerSecond(),
                p.hostBandwidthBytesPerSecond(), 0);
        assertEquals(64 * 1024.0 * 1024 * 1024, p.hostMemoryBytes(), 0);
        assertTrue(HW.platform("rtx9999+i7_12700k", 0).isEmpty());
        assertTrue(HW.unknownPlatform("rtx4909+i7_12700k").contains("rtx4090"));
    }

    @Test
    void measurementNamesResolveThroughAliases() {
        assertEquals("rtx3080_10gb", HW.gpuByName("RTX 3080 10GB").orElseThrow().key());
        assertTrue(HW.gpuByName("RTX 3090 24GB x6").isEmpty());
    }

    @Test
    void anUnknownFieldIsAnErrorNamingFileAndPath(@TempDir Path tmp) throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve("hardware/gpus/rtx4090.json");
        Files.writeString(f, Files.readString(f).replaceFirst("\"tdp_w\"", "\"tdp_watts\""));
        ConfigException e = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("rtx4090.json: $.tdp_watts: unknown field"), all);
        assertTrue(all.contains("rtx4090.json: $.tdp_w: missing required field"), all);
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnce(@TempDir Path tmp) throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path gpu = configs.resolve("hardware/gpus/rtx3090.json");
        Files.writeString(gpu, Files.readString(gpu).replaceFirst("\"family\": \"[a-z_]+\"", "\"family\": \"amper\""));
        Path model = configs.resolve("models/llama2_7b.json");
        Files.writeString(model, Files.readString(model).replaceFirst("\"num_layers\": 32", "\"num_layers\": -32"));
        Files.writeString(configs.resolve("hardware/cpus/broken.json"), "{\"key\": ");
        ConfigException e = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("rtx3090.json: $.family: expected one of"), all);
        assertTrue(all.contains("llama2_7b.json: $.num_layers: expected a whole number in [1, 10000], found -32"), all);
        assertTrue(all.contains("broken.json: malformed JSON at line 1"), all);
    }

    @Test
    void aMissingFigureSourceIsRejected(@TempDir Path tmp) throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve("hardware/gpus/rtx4070.json");
        String text = Files.readString(f);
        int i = text.indexOf("\"memory_bandwidth_gb_per_s\"");
        int s = text.indexOf("\"source\"", i);
        int end = text.indexOf('}', s);
        Files.writeString(f, text.substring(0, s).replaceFirst(",\\s*$", "") + text.substring(end));
        ConfigException e = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        assertTrue(String.join("\n", e.problems()).contains(
                "rtx4070.json: $.memory_bandwidth_gb_per_s.source: missing required field"), e.getMessage());
    }

    /**
     * A card's compute units and boost clock are each optional: a clock without units is read (the units 0, no cap
     * counted per unit; the launches at that clock), units that are not a whole count or a clock outside 50-5000 MHz are
     * errors naming the field and the file; both are read as SMs and Hz.
     */
    @Test
    void computeUnitsAndBoostClockAreReadEachOnItsOwn(@TempDir Path tmp) throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve("hardware/gpus/rtx4070.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode card =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(f.toFile());
        card.remove("compute_units");
        card.putObject("boost_clock_mhz").put("value", 2475).put("source", "a test");
        Files.writeString(f, json.writeValueAsString(card));
        Gpu clockOnly = Catalogs.load(configs).hardware().gpu("rtx4070").orElseThrow();
        assertEquals(0, clockOnly.cores().units());
        assertEquals(2475e6, clockOnly.cores().boostClockHz(), 0);
        card.putObject("compute_units").put("value", 46.5).put("source", "a test");
        Files.writeString(f, json.writeValueAsString(card));
        ConfigException half = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        assertTrue(String.join("\n", half.problems()).contains("rtx4070.json: $.compute_units: a whole count of units, "
                + "found 46.5"), half.getMessage());
        card.putObject("compute_units").put("value", 46).put("source", "a test");
        card.putObject("boost_clock_mhz").put("value", 2.475).put("source", "a GHz slip");
        Files.writeString(f, json.writeValueAsString(card));
        ConfigException ghz = assertThrows(ConfigException.class, () -> Catalogs.load(configs));
        assertTrue(String.join("\n", ghz.problems()).contains("rtx4070.json: $.boost_clock_mhz"), ghz.getMessage());
        card.putObject("boost_clock_mhz").put("value", 2475).put("source", "a test");
        Files.writeString(f, json.writeValueAsString(card));
        Gpu read = Catalogs.load(configs).hardware().gpu("rtx4070").orElseThrow();
        assertEquals(46, read.cores().units());
        assertEquals(2475e6, read.cores().boostClockHz(), 0);
    }

    /**
     * Every catalog card that a backend with a launch clock may run (CUDA, Vulkan and SYCL: every card but Apple's,
     * whose Metal backend has none) states its boost clock, so none pays the launch figures as if it ran at the launch
     * clock (2520 MHz, above most cards' clocks, so cheaper than they pay) for want of one.
     */
    @Test
    void everyCardALaunchClockReadsStatesItsClock() {
        for (Gpu g : HW.gpus().values()) {
            if (!g.vendor().equals("apple")) {
                assertTrue(g.cores().clockKnown(), g.key() + " states no boost_clock_mhz");
            }
        }
        assertTrue(Double.isNaN(HW.calibration().backends().get(Backend.METAL).efficiency().launchClockHz()));
    }
}
