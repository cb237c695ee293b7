package org.roofsweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.query.SweepTables;
import org.roofsweep.jobs.write.RunManifest;

/** Reads a sweep's output back, independently of the job that wrote it. */
public final class Tables {
    private Tables() {
    }

    /**
     * The committed state of a sweep folder, as query and report read it. The {@code faulty:} scheme is known, without
     * faults, since a run into {@code faulty://...} records its files under that scheme.
     */
    static SweepTables.Sweep committed(Path sweep) {
        Configuration conf = new Configuration();
        FaultyFileSystem.registration().forEach(conf::set);
        return SweepTables.list(List.of(sweep.toString()), conf).sweeps().values().iterator().next();
    }

    /** The run manifest of the committed points snapshot. */
    static RunManifest manifest(Path sweep) {
        return RunManifest.fromJson(SweepTables.runJson(committed(sweep)).orElseThrow(), sweep.toString());
    }

    /** The points table with its columns in {@link PointsTable} order (partition columns read back as strings). */
    static Dataset<Row> points(SparkSession spark, Path sweep) {
        Dataset<Row> df = read(spark, committed(sweep).tables().get(PointsTable.NAME));
        return df.select(PointsTable.TABLE.list().stream().map(c -> df.col(c.name())).toArray(Column[]::new));
    }

    static Dataset<Row> operators(SparkSession spark, Path sweep) {
        Dataset<Row> df = read(spark, committed(sweep).tables().get(OperatorsTable.NAME));
        return df.select(OperatorsTable.TABLE.names().stream().map(df::col).toArray(Column[]::new));
    }

    /** The files of a table's committed snapshot, read by Spark alone (no Iceberg runtime). */
    private static Dataset<Row> read(SparkSession spark, SweepTables.Table t) {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        FaultyFileSystem.registration().forEach(spark.sparkContext().hadoopConfiguration()::set);
        return spark.read().option("basePath", t.uri()).parquet(t.files().toArray(String[]::new));
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
