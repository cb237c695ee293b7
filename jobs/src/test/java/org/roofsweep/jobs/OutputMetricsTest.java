package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.OutputMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.write.RunManifest;

/**
 * Each task of a sweep reports what it wrote to Spark, as Spark's own writers do: a listener (the Spark UI and the
 * event log are listeners too) sees, over the tasks of one run, exactly the rows of both tables and the bytes of
 * their Parquet files.
 */
class OutputMetricsTest {
    @TempDir
    static Path tmp;

    /** The records and bytes written of one finished task. */
    private record Written(long records, long bytes) {
    }

    @Test
    void theTasksOfARunReportTheRowsAndBytesOfBothTables() throws IOException, TimeoutException {
        SparkContext sc = SharedSpark.session().sparkContext();
        List<Written> tasks = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    OutputMetrics m = end.taskMetrics().outputMetrics();
                    tasks.add(new Written(m.recordsWritten(), m.bytesWritten()));
                }
            }
        };
        Path out = tmp.resolve("metrics");
        sc.addSparkListener(listener);
        try {
            CliRun run = CliRun.of("run", TestConfigs.write(tmp, "tiny", TestConfigs.TINY), "--output",
                    out.toString());
            assertEquals(0, run.exitCode(), run.transcript());
            sc.listenerBus().waitUntilEmpty();
        } finally {
            sc.removeSparkListener(listener);
        }
        RunManifest m = Tables.manifest(out);
        assertTrue(m.operatorRows() > 0, "the tiny sweep has an operators table");
        long records = tasks.stream().mapToLong(Written::records).sum();
        long bytes = tasks.stream().mapToLong(Written::bytes).sum();
        // 240 points + the operator rows of every 50th point
        assertEquals(m.rowsWritten() + m.operatorRows(), records);
        assertEquals(parquetBytes(out.resolve(PointsTable.NAME)) + parquetBytes(out.resolve(OperatorsTable.NAME)), bytes);
    }

    private static long parquetBytes(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            long sum = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }
}
