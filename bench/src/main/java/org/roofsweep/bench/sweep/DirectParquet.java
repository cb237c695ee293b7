package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.ResultSchema;
import org.roofsweep.jobs.SweepJob;

/**
 * Path (b) of the sweep benchmark: one thread evaluates every point id in order and writes the rows straight to
 * Parquet with parquet-hadoop, no Spark: zstd, parquet-hadoop's defaults (128 MiB row groups, 1 MiB pages,
 * dictionaries on; Spark's Parquet writer uses the same), and Spark's layout: one folder per value of the sweep's
 * {@code partition_by} columns ({@code platform=.../model=.../}). Ids are platform-major, so each partition is one
 * run of consecutive ids and the writer rolls to a new file when it changes.
 */
final class DirectParquet {
    private DirectParquet() {
    }

    /** What one run wrote. */
    record Outcome(long rows, long filtered, long files) {
    }

    static Outcome write(SweepPlan plan, Path tableDir) {
        List<String> partitionBy = plan.settings().partitionBy();
        PointsWriteSupport support = new PointsWriteSupport(partitionBy);
        List<Function<Evaluation, Object>> keyColumns = partitionBy.stream().map(DirectParquet::column).toList();
        Object[] key = new Object[keyColumns.size()];
        ParquetWriter<Evaluation> writer = null;
        long rows = 0;
        long filtered = 0;
        long files = 0;
        try {
            for (long id = 0; id < plan.size(); id++) {
                Evaluation e = plan.evaluate(id);
                if (e == null) {
                    filtered++;
                    continue;
                }
                if (writer == null || !sameKey(e, keyColumns, key)) {
                    if (writer != null) {
                        writer.close();
                    }
                    Path dir = tableDir;
                    for (int k = 0; k < key.length; k++) {
                        key[k] = keyColumns.get(k).apply(e);
                        dir = dir.resolve(partitionBy.get(k) + "=" + key[k]);
                    }
                    Files.createDirectories(dir);
                    writer = open(new LocalOutputFile(dir.resolve("part-00000.zstd.parquet")), support);
                    files++;
                }
                writer.write(e);
                rows++;
            }
            if (writer != null) {
                writer.close();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new Outcome(rows, filtered, files);
    }

    private static Function<Evaluation, Object> column(String name) {
        return ResultSchema.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static boolean sameKey(Evaluation e, List<Function<Evaluation, Object>> keyColumns, Object[] key) {
        for (int k = 0; k < key.length; k++) {
            if (!keyColumns.get(k).apply(e).equals(key[k])) {
                return false;
            }
        }
        return true;
    }

    private static ParquetWriter<Evaluation> open(OutputFile file, PointsWriteSupport support) throws IOException {
        return new Builder(file, support).withCompressionCodec(CompressionCodecName.valueOf(
                SweepJob.COMPRESSION.toUpperCase(Locale.ROOT))).build();
    }

    private static final class Builder extends ParquetWriter.Builder<Evaluation, Builder> {
        private final PointsWriteSupport support;

        Builder(OutputFile file, PointsWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Evaluation> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
