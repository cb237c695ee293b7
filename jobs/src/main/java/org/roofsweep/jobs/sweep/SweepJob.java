package org.roofsweep.jobs.sweep;

import java.io.PrintWriter;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.roofsweep.core.Units;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.write.ParquetTableWrite;
import org.roofsweep.jobs.write.RowLayout;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TaskFiles;
import org.roofsweep.jobs.write.TableCommitter;

/**
 * The sweep on Spark: a thin adapter that expands point ids into rows on the executors and writes the tables; every
 * number comes from analysis-core. The driver broadcasts the {@link SweepPlan} once and splits the point ids into
 * tasks ({@link PointRange#slice}); each task evaluates its ids with {@link SweepPlan#evaluate} and writes the
 * {@link Evaluation}s to Parquet itself ({@link ParquetTableWrite}: the {@link PointsTable} columns read unboxed into
 * column batches), so a grid of 10^9 points needs no driver memory and no row passes through Spark SQL. Row counts
 * and the content checksum are taken by the writer (the checksum batch by batch) and added to accumulators once per
 * task (Spark applies a
 * result task's accumulator updates once, whatever the retries).
 *
 * <p>Layout under the output folder: the Iceberg tables {@code points/} and, when the sweep asks for it,
 * {@code operators/} (Parquet data files, zstd, partitioned by the sweep's {@code partition_by} columns), whose
 * snapshot summaries carry the run manifest ({@link RunManifest}).
 */
public final class SweepJob {
    public static final String COMPRESSION = "zstd";
    /** Points per task by default: small enough for progress and retries to be fine-grained. */
    public static final long POINTS_PER_TASK = 100_000;
    /** Points with an operator breakdown per task (each gives some 20-60 operator rows). */
    static final long OPERATOR_POINTS_PER_TASK = 10_000;

    private SweepJob() {
    }

    /**
     * One run.
     *
     * @param configFile the sweep file, as given (recorded in the run manifest)
     * @param version roofsweep's version
     * @param partitions tasks of the points job; 0 picks {@link #defaultPartitions}
     */
    public record Request(SweepPlan plan, String configFile, String version, String runId, PointRange range,
            int partitions) {
    }

    /** The accumulators of one run; serialized into each task. */
    private record Counters(LongAccumulator rows, LongAccumulator filtered, LongAccumulator infeasible,
            LongAccumulator checksum, LongAccumulator operatorRows, LongAccumulator operatorChecksum)
            implements Serializable {
        static Counters register(SparkContext sc) {
            return new Counters(sc.longAccumulator("rows"), sc.longAccumulator("filtered"),
                    sc.longAccumulator("infeasible"), sc.longAccumulator("checksum"),
                    sc.longAccumulator("operator rows"), sc.longAccumulator("operator checksum"));
        }
    }

    /**
     * Writes the tables' files, then commits them as one snapshot of each table with the run's manifest
     * ({@link TableCommitter}); on any failure what the run wrote is removed and the committed tables stay as they
     * were. {@code progress}: where progress lines go, or null for none. Returns the committed manifest (for an
     * append, of every run in the table).
     */
    public static RunManifest run(SparkSession spark, Request request, TableCommitter target, PrintWriter progress) {
        Instant started = Instant.now();
        SweepPlan plan = request.plan();
        int partitions = request.partitions() > 0 ? request.partitions() : defaultPartitions(spark, request.range());
        SparkContext sc = spark.sparkContext();
        Broadcast<SweepPlan> shared = JavaSparkContext.fromSparkContext(sc).broadcast(plan);
        Counters counters = Counters.register(sc);
        try {
            target.begin();
            Map<String, TableCommitter.StagedTable> files = new LinkedHashMap<>();
            files.put(PointsTable.NAME, new TableCommitter.StagedTable(PointsTable.TABLE.schema(),
                    plan.settings().partitionBy(), writePoints(spark, shared, counters, request, partitions, target,
                            progress)));
            writeOperators(spark, shared, counters, request, target).ifPresent(f -> files.put(OperatorsTable.NAME,
                    new TableCommitter.StagedTable(OperatorsTable.TABLE.schema(), plan.settings().partitionBy(), f)));
            Instant finished = Instant.now();
            RunManifest m = manifest(request, sc, counters, List.copyOf(files.keySet()), started, finished);
            return target.publish(files, m);
        } catch (Exception e) { // SparkException is checked, yet Scala code throws it undeclared
            try {
                target.abort();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            shared.destroy();
        }
    }

    /** Enough tasks of about {@link #POINTS_PER_TASK} points, a multiple of the cores so no wave runs half empty. */
    static int defaultPartitions(SparkSession spark, PointRange range) {
        long cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long tasks = Math.max(1, (range.size() + POINTS_PER_TASK - 1) / POINTS_PER_TASK);
        long rounded = (tasks + cores - 1) / cores * cores;
        return (int) Math.min(Math.min(rounded, range.size()), Integer.MAX_VALUE);
    }

    private static List<TaskFiles> writePoints(SparkSession spark, Broadcast<SweepPlan> plan, Counters counters,
            Request request, int partitions, TableCommitter target, PrintWriter progress) {
        PointRange range = request.range();
        SparkContext sc = spark.sparkContext();
        String tag = request.runId() + "/" + PointsTable.NAME;
        ProgressListener listener = progress == null ? null
                : new ProgressListener(tag, range, partitions, progress, System.console() != null);
        if (listener != null) {
            sc.addSparkListener(listener);
        }
        sc.setLocalProperty(ProgressListener.JOB_PROPERTY, tag);
        sc.setJobDescription("roofsweep " + request.plan().name() + ": points " + range);
        boolean succeeded = false;
        try {
            List<TaskFiles> files = write(sc, partitions, new PointRows(plan, counters, range,
                    sc.defaultParallelism()), request, target,
                    PointsTable.NAME, PointsTable.TABLE);
            long written = files.stream().mapToLong(TaskFiles::rows).sum();
            if (written != counters.rows().sum()) { // the files' rows against the rows the tasks counted
                throw new IllegalStateException("the points files hold " + written + " rows, the tasks produced "
                        + counters.rows().sum());
            }
            succeeded = true;
            return files;
        } finally {
            sc.setLocalProperty(ProgressListener.JOB_PROPERTY, null);
            sc.setJobDescription(null);
            if (listener != null) {
                listener.finish(succeeded);
                sc.removeSparkListener(listener);
            }
        }
    }

    /** The operators' files for point ids in the range that are multiples of {@code every}, if there are any. */
    private static Optional<List<TaskFiles>> writeOperators(SparkSession spark, Broadcast<SweepPlan> plan, Counters counters,
            Request request, TableCommitter target) {
        long every = request.plan().settings().operatorsEvery();
        PointRange range = request.range();
        if (every <= 0) {
            return Optional.empty();
        }
        long first = (range.from() + every - 1) / every * every;
        long count = range.to() > first ? (range.to() - first + every - 1) / every : 0;
        if (count == 0) {
            return Optional.empty();
        }
        int tasks = (int) Math.max(Math.min(spark.sparkContext().defaultParallelism(), count),
                (count + OPERATOR_POINTS_PER_TASK - 1) / OPERATOR_POINTS_PER_TASK);
        spark.sparkContext().setJobDescription("roofsweep " + request.plan().name() + ": operators");
        try {
            List<TaskFiles> files = write(spark.sparkContext(), tasks, new OperatorRows(plan, counters,
                    new PointRange(0, count), first, every), request, target, OperatorsTable.NAME,
                    OperatorsTable.TABLE);
            return counters.operatorRows().sum() > 0 ? Optional.of(files) : Optional.empty();
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** Writes one table's files into its data folder, not yet committed; returns what each task wrote. */
    private static <T> List<TaskFiles> write(SparkContext sc, int tasks, ParquetTableWrite.TaskRows<T> rows,
            Request request, TableCommitter target, String table, Columns<T> columns) {
        ParquetTableWrite.Target<T> to = new ParquetTableWrite.Target<>(target.dataFolder(table),
                target.stagingAttempts(table), TableCommitter.runTag(request.runId()), COMPRESSION,
                new RowLayout<>(columns, request.plan().settings().partitionBy()));
        return ParquetTableWrite.write(JavaSparkContext.fromSparkContext(sc), tasks, rows, to);
    }

    private static RunManifest manifest(Request r, SparkContext sc, Counters c, List<String> tables, Instant started,
            Instant finished) {
        SweepPlan plan = r.plan();
        double wall = Duration.between(started, finished).toNanos() / Units.NANOS_PER_SECOND;
        long operatorRows = c.operatorRows().sum();
        RunManifest.Checksum checksum = new RunManifest.Checksum(RowChecksum.ALGORITHM, RowChecksum.hex(c.checksum()
                .sum()), tables.contains(OperatorsTable.NAME) ? RowChecksum.hex(c.operatorChecksum().sum()) : null);
        RunManifest.Run run = new RunManifest.Run(r.runId(), sc.master(), sc.applicationId(), started.toString(),
                finished.toString(), wall, List.of(r.range()), c.rows().sum(), c.filtered().sum(),
                c.infeasible().sum(), operatorRows);
        return new RunManifest(RunManifest.VERSION, plan.name(), plan.settings().description(), r.configFile(),
                plan.configHash(), r.version(), sc.version(), System.getProperty("java.version"), plan.size(),
                List.of(r.range()), r.range().size(), c.rows().sum(), c.filtered().sum(), c.infeasible().sum(),
                plan.settings().operatorsEvery(), operatorRows, plan.settings().flashAttention(),
                plan.settings().partitionBy(), COMPRESSION, tables, checksum, List.of(run));
    }

    /**
     * Expands a task's slice of the point ids into rows; ids the sweep's filters skip are counted, not written. The
     * tasks of the first wave ({@code task < firstWave}, the cores a job starts on) first evaluate a {@link GridSample}
     * of the whole grid and write one of their own slice as their warm-up, for the JIT's profile.
     */
    private record PointRows(Broadcast<SweepPlan> plan, Counters counters, PointRange range, int firstWave)
            implements ParquetTableWrite.TaskRows<Evaluation> {
        @Override
        public Iterator<Evaluation> rows(int task, int tasks) {
            PointRange slice = range.slice(task, tasks);
            return new Points(plan.value(), counters, null, slice.from(), slice.to());
        }

        @Override
        public Iterator<Evaluation> warmup(int task, int tasks) {
            if (task >= firstWave || tasks <= firstWave) {
                return Collections.emptyIterator();
            }
            SweepPlan p = plan.value();
            GridSample.evaluate(p, GridSample.POINTS);
            PointRange slice = range.slice(task, tasks);
            return slice.size() == 0 ? Collections.emptyIterator() : new Points(p, null,
                    GridSample.ids(slice.from(), slice.to(), GridSample.SLICE_ROWS), 0, GridSample.SLICE_ROWS);
        }

        @Override
        public void written(long rows, long checksum) {
            counters.rows().add(rows);
            counters.checksum().add(checksum);
        }
    }

    /**
     * The evaluations of the ids {@code [from, to)}, or of {@code ids[from, to)} where {@code ids} is given (a
     * warm-up's sample, counted nowhere: {@code counters} null). One class for both, so that the JIT's profile of a task's
     * iterator has seen a warm-up's end before the task's rows.
     */
    private static final class Points extends Lookahead<Evaluation> {
        private final SweepPlan plan;
        private final Counters counters;
        private final long[] ids;
        private final long to;
        private long next;

        Points(SweepPlan plan, Counters counters, long[] ids, long from, long to) {
            this.plan = plan;
            this.counters = counters;
            this.ids = ids;
            this.next = from;
            this.to = to;
        }

        @Override
        Evaluation advance() {
            while (next < to) {
                long id = ids == null ? next : ids[(int) next];
                next++;
                Evaluation e = plan.evaluate(id);
                if (e == null) {
                    if (counters != null) {
                        counters.filtered().add(1);
                    }
                    continue;
                }
                if (counters != null && !e.result().fits()) {
                    counters.infeasible().add(1);
                }
                return e;
            }
            return null;
        }
    }

    /** For each chosen point id ({@code first + k * every}, k in a task's slice of {@code ks}), its operator rows. */
    private record OperatorRows(Broadcast<SweepPlan> plan, Counters counters, PointRange ks, long first, long every)
            implements ParquetTableWrite.TaskRows<OperatorsTable.Op> {
        @Override
        public Iterator<OperatorsTable.Op> rows(int task, int tasks) {
            SweepPlan p = plan.value();
            PointRange slice = ks.slice(task, tasks);
            return new Lookahead<>() {
                private final List<OperatorsTable.Op> pending = new ArrayList<>();
                private int next;
                private long k = slice.from();

                @Override
                OperatorsTable.Op advance() {
                    while (next == pending.size() && k < slice.to()) {
                        pending.clear();
                        next = 0;
                        expand(p, first + k++ * every);
                    }
                    return next == pending.size() ? null : pending.get(next++);
                }

                private void expand(SweepPlan plan, long id) {
                    Evaluation e = plan.evaluate(id);
                    if (e == null) {
                        return;
                    }
                    pending.addAll(OperatorsTable.ops(e,
                            OperatorBreakdown.of(plan.workload(id), plan.calibration(id))));
                }
            };
        }

        @Override
        public void written(long rows, long checksum) {
            counters.operatorRows().add(rows);
            counters.operatorChecksum().add(checksum);
        }
    }

    /** An iterator over the values {@link #advance} produces until it returns null. */
    private abstract static class Lookahead<T> implements Iterator<T> {
        private T next;

        abstract T advance();

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = next;
            next = null;
            return t;
        }
    }
}
