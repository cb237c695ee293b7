package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.write.RunManifest;

/**
 * Failures in the middle of a run, each in a driver JVM of its own: task attempts that fail (Spark retries them, in
 * {@code local[2,4]}), and a driver killed while it writes. Faults come from {@link FaultyFileSystem}, the output's
 * file system, so the job has no test hooks.
 */
class FaultInjectionTest {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path tmp;

    /** The checksum of the tiny sweep computed with analysis-core alone: no Spark, no files. */
    private static String expectedChecksum(String config) {
        SweepPlan plan = SweepConfigFile.load(Path.of(config), Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        long sum = 0;
        for (long id = 0; id < plan.size(); id++) {
            sum += RowChecksum.of(PointsTable.TABLE.toRow(plan.evaluate(id)));
        }
        return RowChecksum.hex(sum);
    }

    @Test
    void tasksFailingTheirFirstAttemptAreRetriedWithoutLostOrDuplicatedRows() {
        String tiny = TestConfigs.write(tmp, "tiny", TestConfigs.TINY);
        Path out = tmp.resolve("sweep");
        Path markers = tmp.resolve("failures");
        Path log = tmp.resolve("driver.log");
        Process driver = ChildJvm.cli(log, List.of(FaultyFileSystem.asSystemProperties(Map.of(
                FaultyFileSystem.FAIL_PARTITIONS, "0,2", FaultyFileSystem.FAIL_MARKERS, markers.toString()))),
                "run", tiny, "--output", "faulty://" + out.toAbsolutePath(), "--master", "local[2,4]",
                "--partitions", "4");
        try {
            assertEquals(0, ChildJvm.exitCode(driver, RUN_LIMIT, log), ChildJvm.read(log));
        } finally {
            ChildJvm.stop(driver);
        }
        assertTrue(Files.exists(markers.resolve("failed-0")) && Files.exists(markers.resolve("failed-2")),
                "the first attempts of tasks 0 and 2 failed");
        String expected = expectedChecksum(tiny);
        RunManifest m = Tables.manifest(out);
        assertEquals(240, m.rowsWritten(), "rows counted once per task, whatever the attempts");
        assertEquals(expected, m.checksum().points());
        Dataset<Row> points = Tables.points(SharedSpark.session(), out);
        Row r = points.selectExpr("count(*)", "count(DISTINCT point_id)", "max(point_id)").first();
        assertEquals(List.of(240L, 240L, 239L), List.of(r.getLong(0), r.getLong(1), r.getLong(2)));
        assertEquals(expected, Tables.checksum(points));
    }

    @Test
    void aDriverKilledMidWriteLeavesThePreviousTableUntouchedAndNoHalfTable() throws IOException {
        String tiny = TestConfigs.write(tmp, "tiny", TestConfigs.TINY);
        Path out = tmp.resolve("sweep");
        CliRun previous = CliRun.of("run", tiny, "--output", out.toString());
        assertEquals(0, previous.exitCode(), previous.transcript());
        Map<String, Long> before = Tables.listing(out);
        RunManifest manifestBefore = Tables.manifest(out);

        Path stalled = tmp.resolve("stalled");
        Path log = tmp.resolve("driver.log");
        Process driver = ChildJvm.cli(log, List.of(FaultyFileSystem.asSystemProperties(Map.of(
                FaultyFileSystem.STALL_PARTITIONS, "2", FaultyFileSystem.STALL_MARKER, stalled.toString()))),
                "run", tiny, "--output", "faulty://" + out.toAbsolutePath(), "--overwrite", "--master", "local[2]",
                "--partitions", "3");
        try {
            ChildJvm.await("task 2 to stall", RUN_LIMIT, log, () -> Files.exists(stalled) || !driver.isAlive());
            assertTrue(driver.isAlive(), ChildJvm.read(log));
            ChildJvm.await("another task's file in the staging folder", Duration.ofSeconds(60), log,
                    () -> !committedTasks().isEmpty());
        } finally {
            ChildJvm.kill(driver);
        }

        assertEquals(before, Tables.listing(out), "the published folder is as it was");
        assertEquals(manifestBefore, Tables.manifest(out));
        assertEquals(Tables.manifest(out).checksum().points(), Tables.checksum(Tables.points(SharedSpark.session(),
                out)));
        List<Path> staging = stagingFolders();
        assertEquals(1, staging.size(), "the killed run's staging folder, hidden beside the output");
        assertTrue(staging.get(0).getFileName().toString().startsWith(".sweep.staging-"));

        CliRun again = CliRun.of("run", tiny, "--output", out.toString(), "--overwrite");
        assertEquals(0, again.exitCode(), again.transcript());
        assertTrue(again.err().contains("uncommitted data files, left by run "), again.err());
        assertTrue(again.err().contains(", which was killed"), again.err());
        assertTrue(stagingFolders().isEmpty(), "the killed run's staging folder is gone");
        assertEquals(expectedChecksum(tiny), Tables.manifest(out).checksum().points());
    }

    private List<Path> stagingFolders() {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().contains(".staging-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Attempt folders, in the killed run's staging folder, of tasks other than the stalled one that wrote a file
     * ({@code _attempts/points/attempt_<run>_m_<task>_<id>/}): the run got that far before the kill.
     */
    private List<Path> committedTasks() {
        return stagingFolders().stream().flatMap(s -> {
            Path attempts = s.resolve("points").resolveSibling("_attempts").resolve("points");
            try (Stream<Path> files = Files.exists(attempts) ? Files.walk(attempts) : Stream.empty()) {
                return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                        .filter(f -> !attempts.relativize(f).getName(0).toString().contains("_m_000002_"))
                        .toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }
}
