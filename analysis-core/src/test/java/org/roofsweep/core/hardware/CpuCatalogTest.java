package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.Units;

class CpuCatalogTest {
    private static final HardwareCatalog HW = TestCatalogs.CATALOGS.hardware();
    /** The shared CPU key list (key,name), vendored beside the tests. */
    private static final Path KEYS = Path.of("analysis-core", "src", "test", "resources", "reference", "cpu-keys.csv");

    @Test
    void everyCpuKeyResolvesToACpuOfThatNameWithCoresBandwidthAndAnFp32Peak() throws IOException {
        List<String[]> rows = Files.readAllLines(KEYS).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",", 2)).toList();
        assertEquals(56, rows.size());
        for (String[] row : rows) {
            Cpu c = HW.cpu(row[0]).orElseThrow(() -> new AssertionError("no CPU " + row[0]));
            assertEquals(row[1], c.name(), row[0]);
            assertTrue(c.cores() > 0, row[0]);
            assertTrue(c.bandwidthBytesPerSecond() > 0, row[0]);
            assertTrue(c.fp32FlopsPerSecond() > 0, row[0]);
        }
    }

    @Test
    void theRyzen5_3600HasDualChannelDdr4_3200() {
        Cpu c = HW.cpu("r5_3600").orElseThrow();
        // 2 channels x 8 bytes x 3200 MT/s = 51.2 GB/s
        assertEquals(51.2 * Units.GIGA, c.bandwidthBytesPerSecond(), 1e3);
        // 6 cores x 32 FP32 FLOP/clk (Zen 2: 2 x 256-bit FMA) x 4.2 GHz boost = 0.8064 TFLOPS, stored rounded to 0.81
        assertEquals(0.81 * Units.TERA, c.fp32FlopsPerSecond(), 1e6);
    }

    @Test
    void strixHaloCountsItsWholeLpddr5xBus() {
        // 256-bit bus = 32 bytes x 8000 MT/s = 256 GB/s, not the 2 x 64-bit of a desktop socket
        assertEquals(256 * Units.GIGA, HW.cpu("ryzen_ai_max_395").orElseThrow().bandwidthBytesPerSecond(), 1e3);
    }
}
