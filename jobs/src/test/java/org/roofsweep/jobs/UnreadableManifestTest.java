package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Iceberg tables there is no {@code run.json} (nor its {@code .crc}) to edit by hand: the run manifest lives in
 * the points snapshot's summary. What can still be damaged is the table's metadata file; a run then names it as
 * unreadable in one line, {@code --overwrite} included (no commit can be conditional on metadata nobody can read, so
 * none replaces it), and the folder is left as it was.
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
    void aTruncatedMetadataFileIsNamedAndLeftAsItWas() throws IOException {
        Path out = published();
        Path metadata = out.resolve("points/metadata");
        Path current;
        try (Stream<Path> files = Files.list(metadata)) {
            current = files.filter(f -> f.getFileName().toString().endsWith(".metadata.json"))
                    .max(Comparator.comparing(f -> f.getFileName().toString())).orElseThrow();
        }
        byte[] whole = Files.readAllBytes(current);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        Files.write(current, cut);
        for (String mode : new String[] {"--append", "--overwrite"}) {
            CliRun r = CliRun.of("run", config(), "--output", out.toString(), mode);
            assertEquals(2, r.exitCode(), r.transcript());
            assertTrue(r.err().contains("/points: its Iceberg metadata cannot be read ("), r.err());
            assertFalse(r.err().contains("\tat "), r.transcript());
            assertArrayEquals(cut, Files.readAllBytes(current), "the damaged file stays for its owner to inspect");
        }
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
