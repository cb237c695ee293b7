package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;

/**
 * Every class of bad input to {@code run} ends before any Spark work with exit code 2, a message naming the file, the
 * JSON path and what was expected (no stack trace), and nothing written.
 */
class BadInputTest {
    /** One point; each case below breaks it in one way. */
    private static final String VALID = """
            {"name": "bad", "axes": {"platforms": ["pc_high"], "models": ["llama2_7b"], "systems": ["dense-gpu"],
             "batch_sizes": [1], "prompt_tokens": [128], "generated_tokens": [64]}}
            """;

    @TempDir
    Path tmp;

    private static String with(String from, String to) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return VALID.replace(from, to);
    }

    private static Arguments bad(String name, String config, String... expected) {
        return Arguments.of(name, config, List.of(expected));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("unknown field", with("\"name\": \"bad\",", "\"name\": \"bad\", \"colour\": \"red\","),
                        "bad.json: $.colour: unknown field (expected one of [name, description, output"),
                bad("unknown GPU", with("\"pc_high\"", "\"rtx4091+i9_13900k\""),
                        "$.axes.platforms[0]: unknown gpu \"rtx4091\" (closest known: rtx4090, rtx3090"),
                bad("unknown platform", with("\"pc_high\"", "\"pc_hihg\""),
                        "unknown platform \"pc_hihg\" (closest known: pc_high, pc_low)"),
                bad("unknown model", with("\"llama2_7b\"", "\"llama2_8b\""),
                        "$.axes.models[0]: unknown model \"llama2_8b\" (closest known: llama2_7b, llama3_8b"),
                bad("unknown system", with("\"dense-gpu\"", "\"powerinfer2\""),
                        "$.axes.systems[0]: unknown system \"powerinfer2\" (closest known: powerinfer"),
                bad("negative batch size", with("[1]", "[4, -1]"),
                        "$.axes.batch_sizes: value -1 outside [1, 1048576]"),
                bad("zero generated tokens", with("[64]", "[0]"),
                        "$.axes.generated_tokens: value 0 outside [1, 67108864]"),
                bad("sparsity of 1", with("[64]", "[64], \"sparsity\": [0.5, 1.0]"),
                        "$.axes.sparsity: sparsity 1.0 outside [0, 1)"),
                bad("negative sparsity", with("[64]", "[64], \"sparsity\": [-0.1]"),
                        "$.axes.sparsity: sparsity -0.1 outside [0, 1)"),
                bad("empty axis", with("[1]", "[]"), "$.axes.batch_sizes: empty axis: expected at least one value"),
                bad("unsupported KV bits", with("[64]", "[64], \"kv_bits\": [3]"),
                        "$.axes.kv_bits: unsupported bit width 3 (expected one of [4, 8, 16])"),
                bad("unsupported activation bits", with("[64]", "[64], \"activation_bits\": [4]"),
                        "$.axes.activation_bits: unsupported bit width 4 (expected one of [8, 16])"),
                bad("unsupported weight format", with("[64]", "[64], \"weight_bits\": [\"q3_x\"]"),
                        "$.axes.weight_bits: unsupported weight format a string \"q3_x\" (expected one of [f16"),
                bad("missing axis", with("\"models\": [\"llama2_7b\"], ", ""), "$.axes.models: missing required axis"),
                bad("axis of the wrong type", with("[1]", "\"1\""),
                        "$.axes.batch_sizes: expected an array of values, found a string \"1\""),
                bad("backwards range", with("[128]", "{\"from\": 4096, \"to\": 128, \"times\": 2}"),
                        "$.axes.prompt_tokens.to: must not be below \"from\" (4096)"),
                bad("malformed JSON", VALID.replace("}}", "},}"),
                        "bad.json: malformed JSON at line 2, column 72", "was expecting double-quote"),
                bad("duplicate key", with("\"name\": \"bad\",", "\"name\": \"bad\", \"name\": \"worse\","),
                        "bad.json: malformed JSON at line 1", "Duplicate field 'name'"),
                bad("text after the object", VALID + "{\"name\": \"second\"}",
                        "bad.json: malformed JSON at line 3", "Trailing token"),
                bad("batch size beyond 64 bits", with("[1]", "[18446744073709551617]"),
                        "$.axes.batch_sizes: value 18446744073709551617 outside [1, 1048576]"),
                bad("fractional operator interval", with("\"axes\"", "\"operators\": {\"every\": 2.5}, \"axes\""),
                        "$.operators.every: expected a whole number, found a number 2.5"),
                bad("partition column twice", with("\"axes\"", "\"partition_by\": [\"model\", \"model\"], \"axes\""),
                        "$.partition_by: column \"model\" appears twice"),
                bad("empty file", "", "bad.json: $: empty file, expected a JSON object"),
                bad("not an object", "[1, 2]", "bad.json: $: expected a JSON object, found"),
                bad("all problems of a file at once", with("\"name\": \"bad\"", "\"name\": \"bad/x\"")
                        .replace("\"llama2_7b\"", "\"llama2_7b\", \"llama2_7b\"").replace("[1]", "\"1\""),
                        "$.name: expected letters, digits, '_', '.' or '-' (it names the output folder), "
                                + "found \"bad/x\"",
                        "$.axes.models: value llama2_7b appears twice",
                        "$.axes.batch_sizes: expected an array of values, found a string \"1\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsRefusedBeforeSparkWithItsPathAndReason(String name, String config, List<String> expected)
            throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, config);
        assertRefused(List.of("run", file.toString(), "--output", out().toString()), expected);
    }

    @Test
    void gridOverTheMaxPointsGuard() throws IOException {
        Path file = tmp.resolve("big.json");
        Files.writeString(file, with("[1]", "{\"from\": 1, \"to\": 1024, \"times\": 2}"));
        assertRefused(List.of("run", file.toString(), "--output", out().toString(), "--max-points", "5"),
                List.of("$.axes: the grid has 11 points, more than the --max-points guard of 5"));
    }

    @Test
    void missingConfigFile() {
        assertRefused(List.of("run", tmp.resolve("nope.json").toString(), "--output", out().toString()),
                List.of("nope.json: file not found"));
    }

    @Test
    void huggingFaceConfigOfAnUnsupportedArchitecture() throws IOException {
        Path hf = tmp.resolve("config.json");
        Files.writeString(hf, "{\"architectures\": [\"GPT2LMHeadModel\"], \"n_embd\": 768}");
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--hf-model", "gpt2=" + hf),
                List.of("config.json: $.architectures[0]: unsupported architecture \"GPT2LMHeadModel\" (supported: "
                        + "LlamaForCausalLM"));
    }

    @Test
    void huggingFaceConfigMissingWhatTheCostModelNeeds() throws IOException {
        Path hf = tmp.resolve("config.json");
        Files.writeString(hf, "{\"architectures\": [\"LlamaForCausalLM\"], \"num_attention_heads\": 32}");
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--hf-model", "mine=" + hf),
                List.of("config.json: $.hidden_size: missing required field"));
    }

    @Test
    void missingCatalogFolder() {
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--configs",
                tmp.resolve("none").toString()), List.of("none/models: folder not found"));
    }

    @Test
    void unknownOutputFileSystem() {
        assertRefused(List.of("run", valid(), "--output", "nosuch://host/sweep"),
                List.of("--output nosuch://host/sweep: no file system for the scheme \"nosuch\" on the classpath"));
    }

    @Test
    void overwriteAndAppendTogether() {
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--overwrite", "--append"),
                List.of("--overwrite, --append are mutually exclusive"));
    }

    @Test
    void rangeOutsideTheGrid() {
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--range", "5:99"),
                List.of("--range 5:99 is not a non-empty part of the grid's point ids [0, 1)"));
    }

    @Test
    void nonPositiveMaxPoints() {
        assertRefused(List.of("run", valid(), "--output", out().toString(), "--max-points", "0"),
                List.of("--max-points must be at least 1, found 0"));
    }

    @Test
    void existingSweepWithoutOverwriteOrAppend() throws IOException {
        Path existing = existingSweep("0".repeat(64));
        Map<String, Long> before = Tables.listing(existing);
        assertRefused(List.of("run", valid(), "--output", existing.toString()),
                List.of("already holds a sweep (bad, 1 rows, run.json of 2026-01-01T00:00:00Z); pass --overwrite "
                        + "to replace it or --append to add points to it"));
        assertEquals(before, Tables.listing(existing));
    }

    @Test
    void appendToASweepOfAnotherConfig() throws IOException {
        Path existing = existingSweep("0".repeat(64));
        Map<String, Long> before = Tables.listing(existing);
        assertRefused(List.of("run", valid(), "--output", existing.toString(), "--append"),
                List.of("cannot --append to", "its rows come from a different config (config_hash 0000"));
        assertEquals(before, Tables.listing(existing));
    }

    private Path out() {
        return tmp.resolve("out");
    }

    private String valid() {
        try {
            Path f = tmp.resolve("valid.json");
            Files.writeString(f, VALID);
            return f.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A published sweep folder (a run.json and a points folder) as an earlier run with another config left it. */
    private Path existingSweep(String configHash) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("existing"));
        Files.createDirectories(dir.resolve("points"));
        RunManifest.Run run = new RunManifest.Run("r1", "local[2]", "local-1", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", 1, List.of(new PointRange(0, 1)), 1, 0, 0, 0);
        RunManifest m = new RunManifest(RunManifest.VERSION, "bad", "", "bad.json", configHash, "0.1.0", "4.1.0",
                "17", 1, List.of(new PointRange(0, 1)), 1, 1, 0, 0, 0, 0, true, List.of("platform", "model"), "zstd",
                List.of("points"), new RunManifest.Checksum(RowChecksum.ALGORITHM, RowChecksum.hex(7), null),
                List.of(run));
        Files.write(dir.resolve(TableCommitter.MANIFEST), m.toJson());
        return dir;
    }

    /** Exit code 2, every expected fragment on stderr, no stack trace, and no output or staging folder made. */
    private void assertRefused(List<String> args, List<String> expected) {
        List<String> before = entries(tmp);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.transcript());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected \"" + e + "\" in\n" + r.err());
        }
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace:\n" + r.err());
        assertEquals(before, entries(tmp), "nothing written");
        assertFalse(Files.exists(Path.of("output", "bad")), "nothing in the default output folder either");
    }

    private static List<String> entries(Path dir) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> out.add(dir.relativize(p).toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }
}
