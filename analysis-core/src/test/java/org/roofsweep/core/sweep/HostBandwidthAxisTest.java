package org.roofsweep.core.sweep;

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
import org.roofsweep.core.systems.Result;

/**
 * The host bandwidth: one effective figure per CPU whether a platform is named or paired, which a sweep's
 * {@code host_bandwidth_gb_s} axis ("platform" or GB/s) or a platform file's measurement overrides.
 */
class HostBandwidthAxisTest {
    /**
     * Llama-2-7B Q4_0 under layer-offload with 16 of its 32 layers on the RTX 4090: the CPU streams the other 16
     * layers, the head and their KV cache every step, at the fitted fraction cpu.memory (0.823) of the host bandwidth.
     */
    private static final String SWEEP = """
            {
              "name": "t",
              "axes": {
                "platforms": ["pc_high", "rtx4090+i9_13900k"],
                "models": ["llama2_7b"],
                "systems": ["layer-offload"],
                "weight_bits": ["q4_0"],
                "batch_sizes": [1],
                "prompt_tokens": [64],
                "generated_tokens": [128],
                "gpu_layers": [16],
                "context_size": ["request"],
                "host_bandwidth_gb_s": ["platform", 34.1]
              }
            }""";

    private static SweepPlan plan(String json) {
        return TestCatalogs.sweep(json);
    }

    /**
     * pc_high and the pair rtx4090+i9_13900k get the i9-13900K's one effective figure, 68.2 GB/s, and so the same
     * TPOT; 34.1 GB/s (half) overrides both. Bytes the CPU streams a step: 16 layers x 202,383,360 parameters (4 x
     * 4096^2 + 3 x 4096 x 11008 + 2 x 4096 norms) x 0.5625 B (Q4_0's 18 B per 32) = 1,821,450,240 B; the head,
     * (32000 x 4096 + 4096) x 0.5625 B = 73,730,304 B; the KV cache read, 16 layers x 16,384 B a token (K and V of
     * 4096 FP16) x 127 tokens (64 + the mean step 63 of 127) = 33,292,288 B: 1,928,472,832 B in all, 28.28 ms at
     * 68.2 GB/s and 56.55 ms at 34.1. llama.cpp's CPU decode streams the fitted fraction {@code cpu.memory} of the
     * figure (0.823 in configs/calibration.json; the test reads it), of the override as of the CPU's own: 34.36 and
     * 68.71 ms, so the override adds 28.28 / 0.823 = 34.36 ms a token (the model about 0.3% more: each op's
     * activations). The
     * per-thread layer cost is the same at both figures and drops out of the difference.
     */
    @Test
    void theOverrideReplacesTheCpusFigureOnNamedAndPairedPlatforms() {
        SweepPlan p = plan(SWEEP);
        assertEquals(4, p.size());
        Result named = p.evaluate(0).result();
        Result namedHalf = p.evaluate(1).result();
        Result paired = p.evaluate(2).result();
        Result pairedHalf = p.evaluate(3).result();
        assertEquals(68.2e9, named.hostBandwidthBytesPerSecond(), 1e6);
        assertEquals(named.hostBandwidthBytesPerSecond(), paired.hostBandwidthBytesPerSecond(), 0);
        assertEquals(34.1e9, namedHalf.hostBandwidthBytesPerSecond(), 0);
        assertEquals(34.1e9, pairedHalf.hostBandwidthBytesPerSecond(), 0);
        assertEquals(named.tpotSeconds(), paired.tpotSeconds(), 0);
        assertEquals(namedHalf.tpotSeconds(), pairedHalf.tpotSeconds(), 0);
        double cpuBytes = 16 * 202_383_360.0 * 0.5625 + (32_000 * 4096.0 + 4096) * 0.5625 + 16 * 16_384.0 * 127;
        double streamed = p.calibration(3).cpu().memory();
        assertEquals((cpuBytes / 34.1e9 - cpuBytes / 68.2e9) / streamed, namedHalf.tpotSeconds() - named.tpotSeconds(),
                0.005 * (cpuBytes / 68.2e9 / streamed));
    }

    /** The platform's own figure stated as an override changes no number. */
    @Test
    void thePlatformsOwnFigureAsAnOverrideChangesNothing() {
        SweepPlan p = plan(SWEEP.replace("[\"platform\", 34.1]", "[\"platform\", 68.2]"));
        assertEquals(p.evaluate(0).result(), p.evaluate(1).result());
    }

    @Test
    void badValuesNameTheFileAndTheAxis() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> plan(SWEEP.replace("[\"platform\", 34.1]", "[\"cpu\", 0.5]")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("t.json: $.axes.host_bandwidth_gb_s[0]: expected a number in [1, 5000] GB/s or "
                + "\"platform\", found a string \"cpu\""), all);
        assertTrue(all.contains("t.json: $.axes.host_bandwidth_gb_s: host_bandwidth_gb_s 0.5 outside [1, 5000] GB/s"),
                all);
    }

    /** A platform file's measured memory_bandwidth_gb_per_s is that machine's figure; the pair keeps the CPU's. */
    @Test
    void aPlatformFileStatesItsOwnMeasurement(@TempDir Path tmp) throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve("hardware/platforms/pc_high.json");
        Files.writeString(f, Files.readString(f).replaceFirst("\"notes\"",
                "\"memory_bandwidth_gb_per_s\": {\"value\": 50, \"source\": \"a STREAM triad of this machine\"},\n"
                        + "  \"notes\""));
        var hw = Catalogs.load(configs).hardware();
        assertEquals(50e9, hw.platform("pc_high", 0).orElseThrow().hostBandwidthBytesPerSecond(), 0);
        assertEquals(68.2e9, hw.platform("rtx4090+i9_13900k", 0).orElseThrow().hostBandwidthBytesPerSecond(), 1e6);
    }
}
