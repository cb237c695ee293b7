package org.roofsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.CliRun;

/**
 * {@code calibrate} on a copy of the shipped catalog folder: a stale figure is listed and, with {@code --write},
 * written back to the fit (the shipped file, byte for byte, as the shipped file is that fit), nothing left beside the
 * file, a rerun finds nothing to write; a bad measurement file is refused with its name and writes nothing.
 */
class CalibrateCommandTest {
    private static final Path SHIPPED = Path.of("configs", "calibration.json");

    @Test
    void aStaleFigureIsListedThenWrittenBackToTheFit(@TempDir Path dir) throws IOException {
        Path configs = copyOfConfigs(dir);
        Path file = configs.resolve("calibration.json");
        String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8);
        String fitted = figureOf(shipped, "cuda");
        String stale = shipped.replaceFirst("\"value\": " + fitted.replace(".", "\\."), "\"value\": 0.3");
        Files.writeString(file, stale, StandardCharsets.UTF_8);

        CliRun listed = CliRun.of("calibrate", "--configs", configs.toString());
        assertEquals(0, listed.exitCode(), listed.transcript());
        assertTrue(listed.out().contains("$.backends.cuda.memory.value: 0.3 -> " + fitted), listed.out());
        assertTrue(listed.out().contains("1 fields differ from the fit; ./submit.sh calibrate --write writes them"),
                listed.out());
        assertEquals(stale, Files.readString(file, StandardCharsets.UTF_8), "listing writes nothing");

        CliRun written = CliRun.of("calibrate", "--configs", configs.toString(), "--write");
        assertEquals(0, written.exitCode(), written.transcript());
        assertEquals(shipped, Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> left = Files.list(configs)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
        CliRun again = CliRun.of("calibrate", "--configs", configs.toString(), "--write");
        assertTrue(again.out().contains("calibration.json is the fit of these rows: nothing to write"), again.out());
    }

    @Test
    void aBadMeasurementFileIsNamedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path configs = copyOfConfigs(dir);
        Path bad = configs.resolve("measurements").resolve("mine.csv");
        Files.writeString(bad, "source_url,framework,gpu\nhttps://example.org,llama.cpp,RTX 4090\n");
        String before = Files.readString(configs.resolve("calibration.json"), StandardCharsets.UTF_8);
        CliRun r = CliRun.of("calibrate", "--configs", configs.toString(), "--write");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("mine.csv"), r.err());
        assertEquals(before, Files.readString(configs.resolve("calibration.json"), StandardCharsets.UTF_8));
    }

    /** The first {@code "value"} in backend {@code key}'s entry: its memory efficiency. */
    private static String figureOf(String json, String key) {
        int at = json.indexOf("\"value\": ", json.indexOf("\"" + key + "\": {"));
        return json.substring(at + "\"value\": ".length(), json.indexOf(',', at));
    }

    private static Path copyOfConfigs(Path dir) throws IOException {
        Path to = dir.resolve("configs");
        try (Stream<Path> all = Files.walk(Path.of("configs"))) {
            for (Path p : all.toList()) {
                Path target = to.resolve(Path.of("configs").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
