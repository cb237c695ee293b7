package org.roofsweep.jobs.write;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.executor.OutputMetrics;

/**
 * One table written by a Spark job straight to Parquet with parquet-hadoop: each task produces its rows (values read
 * column by column through the table's {@code Columns}, {@link RowLayout}) and writes them into a folder of its own
 * attempt; the driver collects what each task wrote and moves those files into the table's data folder. Spark
 * returns exactly one successful attempt's result per task, so a task that failed and was retried, or ran twice
 * speculatively, contributes its rows once; the other attempts' folders are deleted with the
 * attempts folder. The files move into the table's data folder only once every task has
 * succeeded, and readers see them only once the caller has committed them into a snapshot ({@code TableCommitter}).
 *
 * <p>Why not Spark SQL's writer: a task's rows would become Spark rows first (an encoder over 53 columns, then an
 * {@code UnsafeRow} copy) and then Parquet, a conversion that took up to 43% of a task's CPU; written directly, Spark
 * on two cores outruns one core's plain writer (see BENCHMARKS.md). The layout, types and file format are what Spark writes, and Spark, DuckDB and other readers read
 * the table as one.
 */
public final class ParquetTableWrite {
    private ParquetTableWrite() {
    }

    /** The rows of one task: task {@code task} of {@code tasks}. Runs on an executor. */
    public interface TaskRows<T> extends Serializable {
        Iterator<T> rows(int task, int tasks);

        /**
         * Rows that task {@code task} writes before its own into files it then deletes, so that the JIT's profile of
         * the row's path (its producer, the batch, the encoders) has seen what the later tasks meet before C2
         * compiles it; none by default.
         */
        default Iterator<T> warmup(int task, int tasks) {
            return Collections.emptyIterator();
        }

        /**
         * Called once the task's files are complete: how many rows they hold and the sum (mod 2^64) of the rows'
         * {@link org.roofsweep.jobs.schema.RowChecksum}s, which the writer takes in its pass over each row's values.
         */
        void written(long rows, long checksum);
    }

    /** Where and how to write. {@code runTag}: letters, digits and underscores naming the run in file names. */
    public record Target<T>(Path table, Path attempts, String runTag, String codec, RowLayout<T> layout)
            implements Serializable {
        public Target {
            if (!runTag.matches("\\w+")) {
                throw new IllegalArgumentException("run tag must be letters, digits or _: " + runTag);
            }
        }

        /** Attempt folders are named as Hadoop names task attempts: {@code attempt_<run>_m_<task>_<attempt id>}. */
        Path attemptFolder(int task, long attemptId) {
            return new Path(attempts, String.format(Locale.ROOT, "attempt_%s_m_%06d_%d", runTag, task, attemptId));
        }
    }

    /**
     * Runs {@code tasks} tasks producing {@code rows} into {@code target}'s data folder. Returns what each task wrote
     * (paths relative to that folder), for the caller to commit into the table's snapshot; until then no reader sees
     * the files. On failure nothing is moved; the caller removes the staging folder.
     */
    public static <T> List<TaskFiles> write(JavaSparkContext jsc, int tasks, TaskRows<T> rows, Target<T> target) {
        Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(jsc.hadoopConfiguration()));
        try {
            List<TaskFiles> done;
            try {
                done = jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                        .mapPartitions(new WriteTask<>(rows, target, conf, tasks)).collect();
            } catch (Exception e) { // SparkException is checked, yet Scala code throws it undeclared
                // the failed job's other tasks are killed but end on their own time; one still writing would put
                // its attempt folder back after the caller removed the staging folder
                awaitNoRunningTasks(jsc.sc(), TASKS_END_WAIT);
                throw e;
            }
            return moveIntoPlace(done, target, jsc.hadoopConfiguration());
        } finally {
            conf.destroy();
        }
    }

    /** How long a failed write waits for its job's killed tasks to end before the caller cleans up. */
    static final Duration TASKS_END_WAIT = Duration.ofMinutes(2);
    /** A task checks whether it was killed (its job failed or was cancelled) once per this many rows. */
    private static final int KILL_CHECK_ROWS = 1024;

    /**
     * Waits until no task runs on any executor, at most {@code limit}. The scheduler's own count of running tasks
     * ({@code SparkStatusTracker}) drops when a task's end reaches the driver, so a killed task counts until it has
     * stopped writing.
     */
    static void awaitNoRunningTasks(SparkContext sc, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (Arrays.stream(sc.statusTracker().getExecutorInfos()).mapToInt(SparkExecutorInfo::numRunningTasks)
                .sum() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Moves the files of each task's successful attempt into the data folder, then deletes the attempts. */
    private static List<TaskFiles> moveIntoPlace(List<TaskFiles> done, Target<?> target,
            org.apache.hadoop.conf.Configuration conf) {
        try {
            FileSystem fs = target.table().getFileSystem(conf);
            LocalFiles.mkdirs(fs, target.table());
            Set<Path> folders = new HashSet<>();
            for (TaskFiles t : done) {
                for (TaskFiles.File file : t.files()) {
                    Path from = new Path(new Path(t.attemptFolder()), file.path());
                    Path to = new Path(target.table(), file.path());
                    if (folders.add(to.getParent())) {
                        LocalFiles.mkdirs(fs, to.getParent());
                    }
                    LocalFiles.move(fs, from, to);
                }
            }
            List<TaskFiles> out = done;
            if (done.stream().allMatch(t -> t.files().isEmpty())) {
                // no rows at all (the sweep's filters skipped every point): one empty file keeps the schema readable
                out = List.of(PartitionedFileWriter.writeEmpty(new RowLayout<>(target.layout().columns(), List.of()),
                        target.table(), conf, target.codec(), target.runTag()));
            }
            fs.delete(target.attempts(), true);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the files of " + target.table(), e);
        }
    }

    /**
     * Adds what an attempt wrote to its task's output metrics, as Spark's and Iceberg's writers do, so that the
     * Spark UI, the event log and listeners see the records and bytes of each task. The setters are
     * {@code private[spark]} in Scala, which is public in the bytecode Java calls.
     */
    static void reportOutput(TaskContext context, TaskFiles files) {
        OutputMetrics m = context.taskMetrics().outputMetrics();
        m.setRecordsWritten(m.recordsWritten() + files.rows());
        m.setBytesWritten(m.bytesWritten() + files.bytes());
    }

    /**
     * Writes every row of {@code it} with {@code w}. The warm-up's rows and the task's own go through this one loop,
     * so that its profile has seen the rows end before C2 compiles it.
     */
    private static <T> void writeAll(Iterator<T> it, PartitionedFileWriter<T> w, TaskContext context)
            throws IOException {
        for (long n = 1; it.hasNext(); n++) {
            w.write(it.next());
            if (n % KILL_CHECK_ROWS == 0 && context.isInterrupted()) {
                throw new TaskKilledException("its job ended while the task was writing");
            }
        }
    }

    /** One task: its rows into its attempt's folder; returns what it wrote. */
    private record WriteTask<T>(TaskRows<T> rows, Target<T> target, Broadcast<HadoopConf> conf, int tasks)
            implements FlatMapFunction<Iterator<Integer>, TaskFiles> {
        @Override
        public Iterator<TaskFiles> call(Iterator<Integer> taskNumbers) throws IOException {
            TaskContext context = TaskContext.get();
            List<TaskFiles> out = new ArrayList<>();
            while (taskNumbers.hasNext()) {
                int task = taskNumbers.next();
                Path folder = target.attemptFolder(task, context.taskAttemptId());
                warmUp(task, new Path(folder.getParent(), folder.getName() + "_warmup"), context);
                try (PartitionedFileWriter<T> w = new PartitionedFileWriter<>(target.layout(), folder,
                        conf.value().get(), target.codec(), task, target.runTag())) {
                    writeAll(rows.rows(task, tasks), w, context);
                    TaskFiles files = w.finish();
                    rows.written(files.rows(), w.checksum());
                    reportOutput(context, files);
                    out.add(files);
                }
            }
            return out.iterator();
        }

        /** Writes the task's warm-up rows ({@link TaskRows#warmup}), if it has any, into {@code folder}; deletes it. */
        private void warmUp(int task, Path folder, TaskContext context) throws IOException {
            Iterator<T> sample = rows.warmup(task, tasks);
            if (!sample.hasNext()) {
                return;
            }
            org.apache.hadoop.conf.Configuration c = conf.value().get();
            try (PartitionedFileWriter<T> w = new PartitionedFileWriter<>(target.layout(), folder, c, target.codec(),
                    task, target.runTag())) {
                writeAll(sample, w, context);
                w.finish();
            } finally {
                folder.getFileSystem(c).delete(folder, true);
            }
        }
    }
}
