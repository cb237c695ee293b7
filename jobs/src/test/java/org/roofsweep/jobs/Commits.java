package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.sweep.SweepJob;
import org.roofsweep.jobs.write.IcebergTables;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;

/** Runs of the sweep job straight through {@link SweepJob#run}, with a hook in the commit, and what readers see. */
final class Commits {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Commits() {
    }

    /** One run of {@code config}'s points {@code range} into {@code out}; the run id is unique in the JVM. */
    static RunManifest run(Path out, String config, TableCommitter.Mode mode, String range,
            TableCommitter.Hook hook) {
        SweepPlan plan = SweepConfigFile.load(Path.of(config), Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        String runId = "test-" + RUNS.incrementAndGet() + "-" + System.nanoTime();
        TableCommitter target = TableCommitter.open(out.toString(), mode, new Configuration(), runId).withHook(hook);
        PointRange points = PointRange.parse(range, plan.size());
        target.check(plan.configHash(), "0.1.0", points);
        return SweepJob.run(SharedSpark.session(), new SweepJob.Request(plan, config, "0.1.0", runId, points, 2),
                target, null);
    }

    /**
     * What a reader sees in {@code out}, checked to be one committed state: the points are the manifest's rows (count,
     * no point id twice, content checksum), and the operators those of the same commit (their rows and checksum
     * as the manifest records, and only for point ids the points hold). Returns that manifest.
     */
    static RunManifest consistentState(Path out) {
        SparkSession spark = SharedSpark.session();
        RunManifest m = Tables.manifest(out);
        Dataset<Row> points = Tables.points(spark, out);
        Row r = points.selectExpr("count(*)", "count(DISTINCT point_id)").first();
        assertEquals(m.rowsWritten(), r.getLong(0), "the points are the manifest's rows");
        assertEquals(r.getLong(0), r.getLong(1), "no point id twice");
        assertEquals(m.checksum().points(), Tables.checksum(points), "the points' content is the manifest's");
        if (m.tables().contains(OperatorsTable.NAME)) {
            Dataset<Row> operators = Tables.operators(spark, out);
            assertEquals(m.operatorRows(), operators.count(), "the operators of the same commit");
            assertEquals(m.checksum().operators(), Tables.checksum(operators));
            assertEquals(0, operators.select("point_id").except(points.select("point_id")).count(),
                    "operators only of points the table holds");
        } else {
            assertTrue(!Tables.committed(out).tables().containsKey(OperatorsTable.NAME));
        }
        return m;
    }

    /** The staging folders beside {@code out}. */
    static Set<Path> staging(Path out) {
        try (Stream<Path> s = Files.list(out.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + out.getFileName() + ".staging-"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Data files below the tables' data folders that no snapshot of their table references. */
    static Set<String> unreferenced(Path out) {
        Set<String> found = new java.util.TreeSet<>();
        for (String t : java.util.List.of(PointsTable.NAME, OperatorsTable.NAME)) {
            Path data = out.resolve(t).resolve(IcebergTables.DATA);
            if (!Files.isDirectory(data)) {
                continue;
            }
            Set<String> referenced = IcebergTables.exists(out.resolve(t).toString(), new Configuration())
                    ? IcebergTables.reachable(IcebergTables.load(out.resolve(t).toString(), new Configuration()))
                    : Set.of();
            try (Stream<Path> s = Files.walk(data)) {
                s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                        .map(p -> new org.apache.hadoop.fs.Path(p.toUri()).toString())
                        .filter(p -> !referenced.contains(p)).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }
}
