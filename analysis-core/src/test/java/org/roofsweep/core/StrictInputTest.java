package org.roofsweep.core;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.sweep.SweepConfigFile;

/**
 * Input the readers once took silently, each changing results: every case is now an error naming the file and the
 * field, quoting the value as written (the catalog cases are in {@link CatalogReadersTest}).
 */
class StrictInputTest {
    private static final String SWEEP = """
            {"name": "t", %s"axes": {"platforms": ["pc_high"], "models": ["llama2_7b"], "systems": ["dense-gpu"],
             "batch_sizes": %s, "prompt_tokens": [64], "generated_tokens": [32]}}""";

    @TempDir
    Path tmp;

    @Test
    void textAfterTheJsonObjectIsAnError() {
        String e = sweepError("", "[1]", " {\"name\": \"second\"}");
        assertTrue(e.startsWith("t.json: malformed JSON at line 2"), e);
        assertTrue(e.contains("Trailing token"), e);
    }

    @Test
    void anIntegerBeyond64BitsIsOutOfRangeNotReadModulo2To64() {
        // 18446744073709551617 = 2^64 + 1 once read as 1; the message quotes it as written
        String e = sweepError("", "[18446744073709551617]", "");
        assertEquals("t.json: $.axes.batch_sizes: value 18446744073709551617 outside [1, 1048576]", e);
        String every = sweepError("\"operators\": {\"every\": 18446744073709551617}, ", "[1]", "");
        assertEquals("t.json: $.operators.every: expected a whole number in [1, 9223372036854775807], found "
                + "18446744073709551617", every);
    }

    @Test
    void aFractionalCountIsAnErrorEvenWhenItsFractionIsZero() {
        assertEquals("t.json: $.operators.every: expected a whole number, found a number 97.5",
                sweepError("\"operators\": {\"every\": 97.5}, ", "[1]", ""));
        assertEquals("t.json: $.filters.max_batch_x_context: expected a whole number, found a number 4000.0",
                sweepError("\"filters\": {\"max_batch_x_context\": 4000.0}, ", "[1]", ""));
        assertEquals("t.json: $.axes.batch_sizes[0]: expected a whole number, found a number 2.50",
                sweepError("", "[2.50]", ""));
    }

    @Test
    void aPartitionColumnTwiceIsAnError() {
        assertEquals("t.json: $.partition_by: column \"model\" appears twice (a table partitioned by one column twice "
                + "cannot be read back)", sweepError("\"partition_by\": [\"model\", \"platform\", \"model\"], ", "[1]",
                ""));
    }

    @Test
    void aRangeOfManyBadValuesIsOneProblemQuotingTheFirstFew() {
        String e = sweepError("", "{\"from\": 1048570, \"to\": 1100000, \"step\": 1}", "");
        // 1048577 .. 1100000 is 51424 values beyond 1048576
        assertEquals("t.json: $.axes.batch_sizes: 51424 values 1048577, 1048578, 1048579, 1048580, 1048581, ... "
                + "outside [1, 1048576]", e);
    }

    @Test
    void utf8WithAByteOrderMarkIsReadAndOtherEncodingsAreNamed() throws IOException {
        Path f = tmp.resolve("s.json");
        String json = String.format(SWEEP, "", "[1]");
        Files.write(f, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json.getBytes(UTF_8)));
        assertEquals("t", JsonFiles.read(f).get("name").asText());
        Files.write(f, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, json.getBytes(UTF_16LE)));
        assertEquals(f + ": the file is UTF-16 (little-endian) text; save it as UTF-8",
                assertThrows(ConfigException.class, () -> JsonFiles.read(f)).getMessage());
        // "{\"name\": \"" is 10 bytes, so the Latin-1 e-acute of "caf\u00e9" sits at offset 13
        Files.write(f, "{\"name\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(f + ": not UTF-8 text: byte 0xE9 at offset 13 (line 1) is not valid UTF-8 (a Latin-1 or "
                + "Windows-1252 file?); save it as UTF-8",
                assertThrows(ConfigException.class, () -> JsonFiles.read(f)).getMessage());
    }

    @Test
    void aMessageListsTwentyProblemsThenCountsTheRest() {
        java.util.List<String> many = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "f.json: $.x" + i + ": bad")
                .toList();
        ConfigException e = new ConfigException(many);
        assertEquals(25, e.problems().size());
        assertEquals(21, e.listed().size());
        assertEquals("... and 5 more problems (25 in all)", e.listed().get(20));
        assertEquals(21, e.getMessage().lines().count());
    }

    private static String sweepError(String settings, String batches, String after) {
        String json = String.format(SWEEP, settings, batches) + after;
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigFile.parse("t.json",
                JsonFiles.parse("t.json", json), TestCatalogs.CATALOGS, SweepConfigFile.DEFAULT_MAX_POINTS, "h"));
        return e.getMessage();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
