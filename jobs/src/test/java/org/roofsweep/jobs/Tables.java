package org.roofsweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;

/** Reads a sweep's output back, independently of the job that wrote it. */
public final class Tables {
    private Tables() {
    }

    static RunManifest manifest(Path sweep) {
        try {
            Path f = sweep.resolve(TableCommitter.MANIFEST);
            return RunManifest.fromJson(Files.readAllBytes(f), f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The points table with its columns in {@link PointsTable} order (partition columns read back as strings). */
    static Dataset<Row> points(SparkSession spark, Path sweep) {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        Dataset<Row> df = spark.read().parquet(sweep.resolve(PointsTable.NAME).toString());
        return df.select(PointsTable.TABLE.list().stream().map(c -> df.col(c.name())).toArray(Column[]::new));
    }

    static Dataset<Row> operators(SparkSession spark, Path sweep) {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        Dataset<Row> df = spark.read().parquet(sweep.resolve(OperatorsTable.NAME).toString());
        return df.select(OperatorsTable.TABLE.names().stream().map(df::col).toArray(Column[]::new));
    }

    /** The {@link RowChecksum} of a table, recomputed from what was read back. */
    static String checksum(Dataset<Row> rows) {
        return RowChecksum.hex(rows.javaRDD().map(RowChecksum::of).fold(0L, Long::sum));
    }

    /** Every file under a folder (hidden ones included) with its size: equal listings, untouched folder. */
    public static Map<String, Long> listing(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
