package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.sweep.SweepJob;
import org.roofsweep.jobs.write.PartitionedFileWriter;
import org.roofsweep.jobs.write.RowLayout;
import org.roofsweep.jobs.write.TaskFiles;

/**
 * Path (b) of the sweep benchmark: one thread evaluates every point id in order and writes the rows straight to
 * Parquet with parquet-hadoop, no Spark: the writer a Spark task of the job uses ({@link PartitionedFileWriter}: zstd,
 * parquet-hadoop's defaults of 128 MiB row groups and 1 MiB pages, dictionaries for all but double columns, Spark's
 * folder layout), on the local file system, in this thread. Ids are platform-major, so each partition is one run of
 * consecutive ids.
 */
final class DirectParquet {
    private DirectParquet() {
    }

    /** What one run wrote. */
    record Outcome(long rows, long filtered, long files) {
    }

    static Outcome write(SweepPlan plan, Path tableDir) {
        RowLayout<Evaluation> layout = new RowLayout<>(PointsTable.TABLE, plan.settings().partitionBy());
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(tableDir.toAbsolutePath().toUri());
        long filtered = 0;
        try (PartitionedFileWriter<Evaluation> writer = new PartitionedFileWriter<>(layout, folder, new Configuration(),
                SweepJob.COMPRESSION, 0, "direct")) {
            for (long id = 0; id < plan.size(); id++) {
                Evaluation e = plan.evaluate(id);
                if (e == null) {
                    filtered++;
                    continue;
                }
                writer.write(e);
            }
            TaskFiles written = writer.finish();
            return new Outcome(written.rows(), filtered, written.files().size());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
