package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.write.HadoopConf;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;

/**
 * A {@code run.json} edited by hand (its hidden {@code .run.json.crc} now stale) or cut short is named as unreadable
 * by a run without {@code --overwrite}, and {@code --overwrite} replaces it, with no stack trace either way.
 */
class UnreadableManifestTest {
    private static final String CONFIG = """
            {"name": "crc", "axes": {"platforms": ["pc_high"], "models": ["llama2_7b"], "systems": ["dense-gpu"],
             "batch_sizes": [1], "prompt_tokens": [128], "generated_tokens": [64]}}
            """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @Test
    void aHandEditedRunJsonWithAStaleCrcDoesNotBlockOverwrite() throws IOException {
        Path out = published();
        Path manifest = out.resolve(TableCommitter.MANIFEST);
        assertTrue(Files.exists(out.resolve(".run.json.crc")), "Hadoop's local file system keeps a checksum file");
        Files.writeString(manifest, Files.readString(manifest).replace("\"crc\"", "\"crc-edited\""));
        CliRun plain = CliRun.of("run", config(), "--output", out.toString());
        assertEquals(2, plain.exitCode(), plain.transcript());
        assertTrue(plain.err().contains("already holds a sweep whose run.json cannot be read (run.json does not "
                + "match its checksum file .run.json.crc (edited by hand?)); pass --overwrite"), plain.err());
        assertOverwrites(out);
    }

    @Test
    void aTruncatedRunJsonDoesNotBlockOverwrite() throws IOException {
        Path out = published();
        Path manifest = out.resolve(TableCommitter.MANIFEST);
        byte[] whole = Files.readAllBytes(manifest);
        Files.delete(out.resolve(".run.json.crc"));
        Files.write(manifest, java.util.Arrays.copyOf(whole, whole.length / 2));
        CliRun append = CliRun.of("run", config(), "--output", out.toString(), "--append");
        assertEquals(2, append.exitCode(), append.transcript());
        assertTrue(append.err().contains("is not a readable run manifest"), append.err());
        assertOverwrites(out);
    }

    private void assertOverwrites(Path out) throws IOException {
        CliRun r = CliRun.of("run", config(), "--output", out.toString(), "--overwrite");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(!r.err().contains("Exception"), r.transcript());
        FileSystem fs = FileSystem.getLocal(HadoopConf.current());
        byte[] json;
        try (var in = fs.open(new org.apache.hadoop.fs.Path(out.resolve(TableCommitter.MANIFEST).toUri()))) {
            json = in.readAllBytes();
        }
        assertEquals("crc", RunManifest.fromJson(json, "run.json").sweep());
    }

    private Path published() {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("run", config(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        return out;
    }

    private String config() {
        try {
            Path f = tmp.resolve("crc.json");
            if (!Files.exists(f)) {
                Files.writeString(f, CONFIG, StandardCharsets.UTF_8);
            }
            return f.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
