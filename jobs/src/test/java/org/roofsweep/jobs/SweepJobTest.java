package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.write.RunManifest;

/** The sweep job in the shared local session: what lands in the tables is exactly what analysis-core computes. */
class SweepJobTest {
    static final Path SMALL = Path.of("configs/sweeps/small.json");

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static SweepPlan plan;
    static Path small;
    static CliRun firstRun;

    @BeforeAll
    static void runTheSmallSweep() {
        spark = SharedSpark.session();
        plan = SweepConfigFile.load(SMALL, Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        small = tmp.resolve("small");
        firstRun = CliRun.of("run", SMALL.toString(), "--output", small.toString());
        assertEquals(0, firstRun.exitCode(), firstRun.transcript());
    }

    static CliRun runOk(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.transcript());
        return r;
    }

    /** The tiny sweep published to {@code tmp/<name>}; returns that folder. */
    static Path publishedTiny(String name) {
        Path out = tmp.resolve(name);
        runOk("run", tiny(), "--output", out.toString());
        return out;
    }

    static String tiny() {
        return TestConfigs.write(tmp, "tiny", TestConfigs.TINY);
    }

    @Test
    void everyPointOfTheGridIsOneRowWithADenseUniquePointId() {
        Row r = Tables.points(spark, small)
                .selectExpr("count(*)", "count(DISTINCT point_id)", "min(point_id)", "max(point_id)").first();
        assertEquals(plan.size(), r.getLong(0));
        assertEquals(plan.size(), r.getLong(1), "unique");
        assertEquals(0L, r.getLong(2), "dense from 0");
        assertEquals(plan.size() - 1, r.getLong(3), "dense to size - 1");
        assertTrue(firstRun.err().contains("points 2,304 / 2,304 (100.0%)"), firstRun.err());
        assertTrue(firstRun.out().contains("sweep small: 2,304 points"), firstRun.out());
    }

    @Test
    void runJsonRecordsTheRunAndTheChecksumOfWhatWasWritten() {
        RunManifest m = Tables.manifest(small);
        Dataset<Row> points = Tables.points(spark, small);
        assertEquals(plan.configHash(), m.configHash());
        assertEquals("small", m.sweep());
        assertEquals("4.1.0", m.sparkVersion());
        assertEquals("0.1.0", m.roofsweepVersion());
        assertEquals(plan.size(), m.gridSize());
        assertEquals(List.of(new PointRange(0, plan.size())), m.pointRanges());
        assertEquals(plan.size(), m.rowsWritten());
        assertEquals(0, m.rowsFiltered());
        assertEquals(points.where("NOT fits").count(), m.rowsInfeasible());
        assertEquals(List.of("platform", "model"), m.partitionBy());
        assertEquals(List.of(PointsTable.NAME, OperatorsTable.NAME), m.tables());
        assertEquals(Tables.checksum(points), m.checksum().points(), "checksum of the rows read back");
        assertEquals(Tables.checksum(Tables.operators(spark, small)), m.checksum().operators());
        assertEquals(1, m.runs().size());
        assertEquals(spark.sparkContext().master(), m.runs().get(0).master());
        assertTrue(Files.isDirectory(small.resolve("points/data/platform=pc_high/model=llava_1_5_7b")),
                "partitioned");
        assertTrue(Files.isDirectory(small.resolve("points/metadata")), "an Iceberg table");
    }

    @Test
    void duckDbReadsBackExactlyWhatAnalysisCoreComputes() throws SQLException {
        String files = Tables.committed(small).tables().get(PointsTable.NAME).files().stream()
                .map(f -> "'" + java.nio.file.Path.of(java.net.URI.create(f)) + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        int compared = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + files + ", hive_partitioning = true, "
                        + "hive_types_autocast = false) ORDER BY point_id")) {
            for (long id = 0; rs.next(); id++) {
                assertEquals(id, rs.getLong("point_id"));
                Row expected = PointsTable.TABLE.toRow(plan.evaluate(id));
                List<Columns.Column<Evaluation>> columns = PointsTable.TABLE.list();
                for (int k = 0; k < columns.size(); k++) {
                    Object actual = rs.getObject(columns.get(k).name());
                    assertTrue(Objects.equals(expected.get(k), actual), "point " + id + " column "
                            + columns.get(k).name() + ": analysis-core " + expected.get(k) + ", table " + actual);
                    compared++;
                }
            }
        }
        assertEquals(plan.size() * PointsTable.TABLE.list().size(), compared);
    }

    @Test
    void infeasiblePointsAreRowsWithAReasonAndNoNumberIsNanOrInfinite() {
        Dataset<Row> points = Tables.points(spark, small);
        long infeasible = points.where("NOT fits").count();
        assertTrue(infeasible > 0 && infeasible < plan.size(), "the small sweep has both kinds: " + infeasible);
        assertEquals(0, points.where("NOT fits AND (reason IS NULL OR reason = '')").count(), "every one says why");
        assertEquals(0, points.where("NOT fits AND (tpot_s IS NOT NULL OR e2e_tokens_per_s IS NOT NULL)").count(),
                "no times for what does not fit");
        assertEquals(0, points.where("fits AND (tpot_s IS NULL OR ttft_s IS NULL OR e2e_s IS NULL)").count());
        List<String> bad = new ArrayList<>();
        for (StructField f : points.schema().fields()) {
            if (f.dataType().equals(DataTypes.DoubleType)) {
                String c = f.name();
                bad.add("sum(CASE WHEN isnan(" + c + ") OR abs(" + c + ") = double('infinity') THEN 1 ELSE 0 END)");
            }
        }
        Row sums = points.selectExpr(bad.toArray(String[]::new)).first();
        for (int i = 0; i < sums.length(); i++) {
            assertEquals(0L, sums.isNullAt(i) ? 0L : sums.getLong(i), bad.get(i));
        }
    }

    @Test
    void operatorsTableHoldsTheBreakdownOfEveryKthPoint() {
        long every = plan.settings().operatorsEvery();
        List<Row> read = Tables.operators(spark, small).orderBy("point_id", "phase", "op_index").collectAsList();
        List<Row> expected = new ArrayList<>();
        for (long id = 0; id < plan.size(); id += every) {
            Evaluation e = plan.evaluate(id);
            List<OperatorsTable.Op> ops = new ArrayList<>();
            String phase = "";
            int index = 0;
            for (OperatorBreakdown.Row op : OperatorBreakdown.of(plan.workload(id), plan.calibration(id))) {
                index = op.phase().equals(phase) ? index + 1 : 0;
                phase = op.phase();
                ops.add(new OperatorsTable.Op(e, index, op));
            }
            ops.sort(java.util.Comparator.comparing((OperatorsTable.Op o) -> o.row().phase())
                    .thenComparingInt(OperatorsTable.Op::index));
            ops.forEach(o -> expected.add(OperatorsTable.TABLE.toRow(o)));
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, read);
        assertEquals(expected.size(), Tables.manifest(small).operatorRows());
    }

    @Test
    void aSecondRunWithOtherTasksWritesTheSameRows() {
        Path again = tmp.resolve("again");
        runOk("run", SMALL.toString(), "--output", again.toString(), "--partitions", "7");
        RunManifest first = Tables.manifest(small);
        RunManifest second = Tables.manifest(again);
        assertEquals(first.checksum(), second.checksum());
        assertEquals(first.rowsWritten(), second.rowsWritten());
        assertNotEquals(first.runs().get(0).runId(), second.runs().get(0).runId());
        assertEquals(0, Tables.points(spark, small).except(Tables.points(spark, again)).count());
    }

    @Test
    void rerunningIntoAnExistingSweepNeedsOverwrite() {
        Path out = publishedTiny("rerun");
        Map<String, Long> before = Tables.listing(out);
        CliRun refused = CliRun.of("run", tiny(), "--output", out.toString());
        assertEquals(2, refused.exitCode(), refused.transcript());
        assertTrue(refused.err().contains("already holds a sweep (tiny, 240 rows"), refused.err());
        assertTrue(refused.err().contains("pass --overwrite to replace it or --append"), refused.err());
        assertEquals(before, Tables.listing(out));
        String firstRunId = Tables.manifest(out).runs().get(0).runId();
        runOk("run", tiny(), "--output", out.toString(), "--overwrite");
        RunManifest m = Tables.manifest(out);
        assertNotEquals(firstRunId, m.runs().get(0).runId());
        assertEquals(240, Tables.points(spark, out).count());
        assertTrue(Files.exists(out.resolve("operators")) == m.tables().contains(OperatorsTable.NAME));
    }

    @Test
    void appendingPiecesOfTheGridGivesTheTableOfOneRun() throws IOException {
        Path out = tmp.resolve("pieces");
        runOk("run", SMALL.toString(), "--output", out.toString(), "--range", ":1000");
        assertEquals(1000, Tables.points(spark, out).count());
        CliRun second = runOk("run", SMALL.toString(), "--output", out.toString(), "--range", "1000:", "--append");
        assertTrue(second.out().contains("sweep small: 1,304 points"), second.out());
        assertTrue(second.out().contains("the table now holds 2,304 rows of point ids 0:2304, from 2 runs"),
                second.out());
        RunManifest whole = Tables.manifest(small);
        RunManifest pieces = Tables.manifest(out);
        assertEquals(whole.checksum(), pieces.checksum());
        assertEquals(whole.rowsWritten(), pieces.rowsWritten());
        assertEquals(whole.rowsInfeasible(), pieces.rowsInfeasible());
        assertEquals(whole.operatorRows(), pieces.operatorRows());
        assertEquals(List.of(new PointRange(0, plan.size())), pieces.pointRanges());
        assertEquals(2, pieces.runs().size());
        assertEquals(whole.checksum().points(), Tables.checksum(Tables.points(spark, out)));

        Map<String, Long> before = Tables.listing(out);
        CliRun overlap = CliRun.of("run", SMALL.toString(), "--output", out.toString(), "--range", "500:1500",
                "--append");
        assertEquals(2, overlap.exitCode(), overlap.transcript());
        assertTrue(overlap.err().contains("cannot --append points 500:1500"), overlap.err());
        assertTrue(overlap.err().contains("already holds points 0:2304"), overlap.err());
        CliRun other = CliRun.of("run", tiny(), "--output", out.toString(), "--append");
        assertEquals(2, other.exitCode(), other.transcript());
        assertTrue(other.err().contains("its rows come from a different config"), other.err());
        assertEquals(before, Tables.listing(out));
    }

    @Test
    void pointsTheFiltersSkipAreCountedButNotWritten() {
        Path out = tmp.resolve("filtered");
        String config = runFiltered(out, 4096);
        SweepPlan p = SweepConfigFile.load(Path.of(config), Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        long kept = 0;
        for (long id = 0; id < p.size(); id++) {
            kept += p.evaluate(id) == null ? 0 : 1;
        }
        assertTrue(kept > 0 && kept < p.size(), "the filter skips some points: " + kept);
        RunManifest m = Tables.manifest(out);
        assertEquals(kept, m.rowsWritten());
        assertEquals(p.size() - kept, m.rowsFiltered());
        assertEquals(p.size(), m.pointsEvaluated());
        assertEquals(kept, Tables.points(spark, out).count());
    }

    @Test
    void theFirstWavesWarmUpWritesNoRowAndCountsNoPoint() throws IOException {
        // 5 tasks on local[2]: tasks 0 and 1 first evaluate the grid sample and write a sample of their 48 ids, then delete it
        Path out = tmp.resolve("warmed");
        String config = runFiltered(out, 4096, "--partitions", "5");
        SweepPlan p = SweepConfigFile.load(Path.of(config), Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        long kept = 0;
        long infeasible = 0;
        for (long id = 0; id < p.size(); id++) {
            Evaluation e = p.evaluate(id);
            kept += e == null ? 0 : 1;
            infeasible += e == null || e.result().fits() ? 0 : 1;
        }
        RunManifest m = Tables.manifest(out);
        Dataset<Row> points = Tables.points(spark, out);
        assertEquals(kept, m.rowsWritten());
        assertEquals(p.size() - kept, m.rowsFiltered());
        assertEquals(infeasible, m.rowsInfeasible());
        assertEquals(kept, points.count());
        assertEquals(kept, points.select("point_id").distinct().count(), "no row twice");
        assertEquals(Tables.checksum(points), m.checksum().points(), "checksum of the rows read back");
        try (var files = Files.walk(out)) {
            assertFalse(files.anyMatch(f -> f.toString().contains("warmup")), "no warm-up file left");
        }
    }

    /** Runs the tiny sweep with a batch x context filter into {@code out}; returns its config file. */
    private String runFiltered(Path out, long maxBatchXContext, String... options) {
        String name = out.getFileName().toString();
        String config = TestConfigs.write(tmp, name, TestConfigs.TINY.replace("\"axes\"",
                "\"filters\": {\"max_batch_x_context\": " + maxBatchXContext + "}, \"axes\""));
        List<String> args = new ArrayList<>(List.of("run", config, "--output", out.toString()));
        args.addAll(List.of(options));
        runOk(args.toArray(String[]::new));
        return config;
    }

    @Test
    void aRunWhoseFiltersSkipEveryPointPublishesAnEmptyTableWithAllColumns() {
        Path out = tmp.resolve("empty");
        runFiltered(out, 1);
        RunManifest m = Tables.manifest(out);
        assertEquals(0, m.rowsWritten());
        assertEquals(m.pointsEvaluated(), m.rowsFiltered());
        Dataset<Row> points = Tables.points(spark, out);
        assertEquals(0, points.count());
        assertEquals(PointsTable.TABLE.schema().fieldNames().length, points.columns().length);
    }

    @Test
    void aRunThatFailsPublishesNothingAndLeavesNoStaging() {
        Path out = publishedTiny("kept");
        Map<String, Long> before = Tables.listing(out);
        CliRun failed;
        try (var faults = FaultyFileSystem.inSession(spark, Map.of(FaultyFileSystem.FAIL_PARTITIONS, "1",
                FaultyFileSystem.FAIL_EVERY_ATTEMPT, "true"))) {
            failed = CliRun.of("run", tiny(), "--output", "faulty://" + out.toAbsolutePath(), "--overwrite",
                    "--partitions", "3");
            assertEquals(1, failed.exitCode(), failed.transcript());
            assertTrue(failed.err().contains("run failed: nothing was published"), failed.err());
        }
        assertEquals(before, Tables.listing(out));
        try (var siblings = Files.list(tmp)) {
            List<Path> staging = siblings.filter(p -> p.getFileName().toString().contains(".staging-")).toList();
            assertEquals(List.of(), staging, "staging removed; the run said:\n" + failed.transcript());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(240, Tables.points(spark, out).count());
    }
}
