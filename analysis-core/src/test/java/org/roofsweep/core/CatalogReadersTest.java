package org.roofsweep.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.hardware.RuntimeConstants;
import org.roofsweep.core.model.Activation;

/** Bad values in catalog files end the load with a {@link ConfigException} naming the file and JSON path. */
class CatalogReadersTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownHostLinkKindIsAConfigError() throws IOException {
        String all = problemsAfter("hardware/gpus/rtx4090.json", "\"kind\": \"pcie\"", "\"kind\": \"pci\"");
        assertTrue(all.contains(
                "rtx4090.json: $.host_link.kind: expected one of [pcie, unified, nvlink_c2c], found \"pci\""), all);
    }

    @Test
    void aQuantizationFormatThatIsNotAnObjectIsAConfigError() throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Path f = configs.resolve("quantization.json");
        String text = Files.readString(f);
        int start = text.indexOf("\"q8_0\": {") + "\"q8_0\": ".length();
        int end = text.indexOf("\"int8\"", start);
        Files.writeString(f, text.substring(0, start) + "8.5,\n    " + text.substring(end));
        String all = String.join("\n", assertThrows(ConfigException.class, () -> Catalogs.load(configs)).problems());
        assertTrue(all.contains("quantization.json: $.formats.q8_0: expected an object, found a number 8.5"), all);
    }

    @Test
    void aNullBitsPerWeightIsAConfigError() throws IOException {
        String all = problemsAfter("quantization.json", "\"value\": 8.5,", "\"value\": null,");
        assertTrue(all.contains("quantization.json: $.formats.q8_0.bits_per_weight.value: expected a number, found "
                + "null"), all);
    }

    @Test
    void aNullRuntimeConstantIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"value\": 0.5,\n      \"source\": \"assumption (not measured",
                "\"value\": null,\n      \"source\": \"assumption (not measured");
        assertTrue(all.contains("calibration.json: $.runtime.gpu_reserved_gib.value: expected a number, found null"),
                all);
    }

    @Test
    void aCpuAttentionShareOutsideItsRangeIsAConfigErrorNamingTheField() throws IOException {
        String all = problemsAfter("calibration.json", "\"value\": 0.27,", "\"value\": 1.5,");
        assertTrue(all.contains("calibration.json: $.runtime.cpu_attention_compute.value: expected a number in "
                + "[0.001, 1], found 1.5"), all);
    }

    @Test
    void aPredictedSparsityAboveTheFfnSparsityIsAConfigError() throws IOException {
        String all = problemsAfter("models/prosparse_llama2_13b.json", "\"predicted_sparsity\": 0.7828",
                "\"predicted_sparsity\": 0.95");
        assertTrue(all.contains("prosparse_llama2_13b.json: $.sparsity.predicted_sparsity: must not exceed "
                + "ffn_sparsity (0.888)"), all);
    }

    @Test
    void aNegativePredictorSizeIsAConfigErrorNamingTheFieldAndTheFile() throws IOException {
        String all = problemsAfter("models/relu_llama2_7b.json", "\"predictor_parameters\": 810000000",
                "\"predictor_parameters\": -810000000");
        assertTrue(all.contains("relu_llama2_7b.json: $.sparsity.predictor_parameters"), all);
    }

    @Test
    void aFractionalTokenCountIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"value\": 16,", "\"value\": 16.5,");
        assertTrue(all.contains("calibration.json: $.runtime.cpu_sparse_block_tokens.value: expected a whole number, "
                + "found 16.5"), all);
    }

    @Test
    void aNullBackendEfficiencyIsAConfigError() throws IOException {
        double memory = TestCatalogs.CATALOGS.hardware().calibration().backends()
                .get(org.roofsweep.core.hardware.Backend.CUDA).efficiency().memory();
        String shipped = java.math.BigDecimal.valueOf(memory).stripTrailingZeros().toPlainString();
        String all = problemsAfter("calibration.json", "\"value\": " + shipped + ",", "\"value\": null,");
        assertTrue(all.contains("calibration.json: $.backends.cuda.memory.value: expected a number, found null"),
                all);
    }

    @Test
    void aLaunchClockOutOfRangeOrTwoStreamingCapsAreConfigErrors() throws IOException {
        String all = problemsAfter("calibration.json", "\"launch_clock_mhz\": {\n        \"value\": 2520",
                "\"launch_clock_mhz\": {\n        \"value\": 0");
        assertTrue(all.contains("calibration.json: $.backends.cuda.launch_clock_mhz.value: expected a number in "
                + "[50, 5000], found 0"), all);
        // a cap per compute unit read in GB/s: 100 x its fit's grid top of 64 GB/s per unit is the bound, so a figure
        // over 12 TB/s an SM (a bytes/s slip: "12000" written before the shipped figure's digits) is an error naming
        // the key
        all = problemsAfter("calibration.json", "\"stream_gb_per_s_per_unit\": {\n        \"value\": ",
                "\"stream_gb_per_s_per_unit\": {\n        \"value\": 12000");
        assertTrue(all.contains("calibration.json: $.backends.cuda.stream_gb_per_s_per_unit.value: expected a number "
                + "in [0, 6400], found 12000"), all);
        all = problemsAfter("calibration.json", "\"stream_gb_per_s_per_unit\": {",
                "\"stream_bytes_per_flop\": {\"value\": 0.02, \"source\": \"a test\"},\n"
                        + "      \"stream_gb_per_s_per_unit\": {");
        assertTrue(all.contains("calibration.json: $.backends.cuda.stream_gb_per_s_per_unit: a backend states one "
                + "streaming cap, found stream_bytes_per_flop too"), all);
    }

    @Test
    void aGraphGateWithoutItsSplitFlagOrWithABadDateIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"split_passes\": false,", "");
        assertTrue(all.contains("calibration.json: $.backends.cuda.graphs.gates[0].split_passes: "), all);
        all = problemsAfter("calibration.json", "\"since\": \"2024-05-08\"", "\"since\": \"May 2024\"");
        assertTrue(all.contains("calibration.json: $.backends.cuda.graphs.gates[0].since: expected a date YYYY-MM-DD, "
                + "found \"May 2024\""), all);
        all = problemsAfter("calibration.json", "\"min_compute_capability\": 8.0", "\"min_compute_capability\": 80");
        assertTrue(all.contains("calibration.json: $.backends.cuda.graphs.gates[0].min_compute_capability: "), all);
    }

    @Test
    void aCalibrationStatusOtherThanFittedBorrowedOrUncalibratedIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"calibration\": \"fitted\"", "\"calibration\": \"guessed\"");
        assertTrue(all.contains("calibration.json: $.backends.cuda.calibration: expected fitted, uncalibrated or "
                + "borrowed:<backend>, found \"guessed\""), all);
    }

    @Test
    void aCpuEngineStatusOtherThanFittedOrUncalibratedIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"ik_llama.cpp\"\n        ],\n        \"calibration\": \"fitted\"",
                "\"ik_llama.cpp\"\n        ],\n        \"calibration\": \"borrowed:cuda\"");
        assertTrue(all.contains("calibration.json: $.cpu.engines.ik_llama.calibration: expected one of [fitted, "
                + "uncalibrated], found \"borrowed:cuda\""), all);
    }

    @Test
    void aCpuEngineTiledAttentionThatIsNotTrueOrFalseIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"tiled_attention\": {\n          \"value\": true",
                "\"tiled_attention\": {\n          \"value\": \"yes\"");
        assertTrue(all.contains("calibration.json: $.cpu.engines.ik_llama.tiled_attention.value: expected true or "
                + "false, found"), all);
    }

    @Test
    void aDecodeGenerationWithoutAnIsoEndDateIsAConfigError() throws IOException {
        String all = problemsAfter("calibration.json", "\"until\": \"2025-09-01\"", "\"until\": \"Aug 2025\"");
        assertTrue(all.contains("calibration.json: $.backends.vulkan.decode_generations[1].until: expected a date "
                + "YYYY-MM-DD, found \"Aug 2025\""), all);
    }

    @Test
    void aFormatsLaterEndNotAfterItsGenerationsOrInUpperCaseIsAConfigError() throws IOException {
        String at = "calibration.json: $.backends.sycl.decode_generations[0].";
        for (String[] edit : new String[][] {
                {"\"until\": \"2025-05-15\"", "\"until\": \"2025-01-15\"",
                        "formats_until[0].until: a format's later end must fall after the generation's own 2025-02-01"},
                {"\"format\": \"q4_k\"", "\"format\": \"Q4_K\"",
                        "formats_until[0].format: expected a format's leading name in lower case (q4_k), found "
                                + "\"Q4_K\""},
                {"\"stated_as\": \"reorder off\"", "\"stated_as\": \"Reorder off\"",
                        "stated_as: expected a phrase in lower case (matched so), found \"Reorder off\""}}) {
            String all = problemsAfter("calibration.json", edit[0], edit[1]);
            assertTrue(all.contains(at + edit[2]), all);
        }
    }

    @Test
    void aVisionPathOutOfRangeOrMissingIsAConfigError() throws IOException {
        double cuda = TestCatalogs.CATALOGS.hardware().calibration().vision()
                .get(org.roofsweep.core.hardware.Backend.CUDA).computeFactor();
        String shipped = java.math.BigDecimal.valueOf(cuda).stripTrailingZeros().toPlainString();
        String vision = "\"vision\": {\n    \"cuda\": {\n      \"calibration\": \"fitted\",\n      \"compute\": {\n"
                + "        \"value\": ";
        String big = problemsAfter("calibration.json", vision + shipped + ",", vision + "1.5,");
        assertTrue(big.contains("calibration.json: $.vision.cuda.compute.value: expected a number in [0.001, 1], "
                + "found 1.5"), big);
        String renamed = problemsAfter("calibration.json", "\"cpu\": {\n      \"calibration\": \"uncalibrated\"",
                "\"cpux\": {\n      \"calibration\": \"uncalibrated\"");
        assertTrue(renamed.contains("calibration.json: $.vision.cpux: unknown backend"), renamed);
        assertTrue(renamed.contains("calibration.json: $.vision.cpu: missing: the host CPU's vision path"), renamed);
    }

    @Test
    void aHugeFigureIsQuotedAsWrittenAndAnAliasMayNameOneFormatOnly() throws IOException {
        String huge = problemsAfter("quantization.json", "\"value\": 8.5,", "\"value\": 1e400,");
        assertTrue(huge.contains("quantization.json: $.formats.q8_0.bits_per_weight.value: expected a number in "
                + "[1, 32], found 1E+400"), huge);
        // q8_0 comes first in the file, so its alias claims "q4_0" before the format of that name does
        String clash = problemsAfter("quantization.json", "\"Q8_0\"", "\"Q8_0\", \"Q4_0\"");
        assertTrue(clash.contains("quantization.json: $.formats.q4_0: \"q4_0\" already names the format \"q8_0\""),
                clash);
    }

    @Test
    void runtimeConstantsRejectWhatWouldBreakTheMemoryChecks() {
        // reserved bytes NaN, a link efficiency of 1.5, a dense threshold of 0 tokens, a CPU cache of 0 bytes
        assertThrows(IllegalArgumentException.class, () -> runtime(Double.NaN, 0.85, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> runtime(0, 1.5, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> runtime(0, 0.85, 0, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> runtime(0, 0.85, 100, 0));
        assertEquals(512, runtime(0, 0.85, 100, 1 << 20).ubatchTokens());
    }

    /** Runtime constants with these four and fixed, valid others (a ubatch of 512 tokens). */
    private static RuntimeConstants runtime(double reservedBytes, double linkEfficiency, int denseThresholdTokens,
            double cpuCacheBytesPerCore) {
        return new RuntimeConstants(reservedBytes, linkEfficiency, 1e-5, 0.9, 256, denseThresholdTokens, 16, 32, 512,
                0.5, 1, 5, 4096, 512, 2048, cpuCacheBytesPerCore, 0.22, false, true, false);
    }

    @Test
    void theShippedCatalogLoadsUnderATurkishLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            // under tr-TR, "silu".toUpperCase() is "S\u0130LU" (dotted capital I), which is no enum constant
            assertEquals("S\u0130LU", "silu".toUpperCase());
            Catalogs c = Catalogs.load(TestCatalogs.CONFIGS);
            assertEquals(Activation.SILU, c.models().model("llama2_7b").orElseThrow().activation());
            assertTrue(Activation.names().contains("quick_gelu"), Activation.names().toString());
            assertEquals(TestCatalogs.CATALOGS.hash(), c.hash());
        } finally {
            Locale.setDefault(before);
        }
    }

    /**
     * Replaces the first {@code from} in one file of a fresh copy of the catalogs and returns the problems of the load.
     */
    private String problemsAfter(String file, String from, String to) throws IOException {
        Path configs = TestCatalogs.copyConfigs(Files.createTempDirectory(tmp, "configs"));
        Path f = configs.resolve(file);
        String text = Files.readString(f);
        int at = text.indexOf(from);
        assertTrue(at >= 0, file + " has no " + from);
        Files.writeString(f, text.substring(0, at) + to + text.substring(at + from.length()));
        return String.join("\n", assertThrows(ConfigException.class, () -> Catalogs.load(configs)).problems());
    }
}
