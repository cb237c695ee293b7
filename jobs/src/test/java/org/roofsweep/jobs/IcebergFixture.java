package org.roofsweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.types.StructType;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;
import org.roofsweep.jobs.write.IcebergTables;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TaskFiles;

/**
 * Test sweeps that Spark's own writer made ({@code partitionBy(...).parquet(<sweep>/points)}) committed as the run
 * would commit them: each table folder becomes an Iceberg table over the files already in it (its data folder is the
 * table folder itself), in one snapshot whose summary carries a manifest.
 */
public final class IcebergFixture {
    private IcebergFixture() {
    }

    /** Commits {@code sweep}'s points (and operators, if that folder exists) with {@code manifest}. */
    public static void commit(Path sweep, RunManifest manifest) {
        Configuration conf = new Configuration();
        Long operators = null;
        if (Files.isDirectory(sweep.resolve(OperatorsTable.NAME))) {
            operators = adopt(sweep.resolve(OperatorsTable.NAME), OperatorsTable.TABLE.schema(), manifest, null, conf);
        }
        adopt(sweep.resolve(PointsTable.NAME), PointsTable.TABLE.schema(), manifest, operators, conf);
    }

    /** A manifest for a test sweep of {@code rows} rows of one run, of config {@code configHash}. */
    public static RunManifest manifest(String sweep, String configHash, long rows) {
        RunManifest.Run run = new RunManifest.Run("r1", "local[2]", "local-1", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", 1, List.of(new PointRange(0, rows)), rows, 0, 0, 0);
        return new RunManifest(RunManifest.VERSION, sweep, "", sweep + ".json", configHash, "0.1.0", "4.1.0", "17",
                rows, List.of(new PointRange(0, rows)), rows, rows, 0, 0, 0, 0, true, List.of("platform", "model"),
                "zstd", List.of(PointsTable.NAME), new RunManifest.Checksum(RowChecksum.ALGORITHM, RowChecksum.hex(7),
                        null), List.of(run));
    }

    private static long adopt(Path folder, StructType schema, RunManifest manifest, Long operators,
            Configuration conf) {
        try {
            Files.createDirectories(folder);
            List<TaskFiles.File> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")
                        && !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                            new org.apache.hadoop.fs.Path(p.toUri()), conf))) {
                        files.add(new TaskFiles.File(folder.relativize(p).toString(), r.getRecordCount(),
                                Files.size(p)));
                    }
                }
            }
            List<String> partitionBy = files.isEmpty() ? List.of() : Stream.of(files.get(0).path().split("/"))
                    .filter(d -> d.contains("=")).map(d -> d.substring(0, d.indexOf('='))).toList();
            String location = new org.apache.hadoop.fs.Path(folder.toUri()).toString();
            Table t = IcebergTables.createOrLoad(location, schema, partitionBy, conf);
            t.updateProperties().set(TableProperties.WRITE_DATA_LOCATION, location).commit();
            AppendFiles append = t.newAppend();
            files.forEach(f -> append.appendFile(IcebergTables.dataFile(t, location, f)));
            append.set(IcebergTables.RUN, new String(manifest.toJson(), StandardCharsets.UTF_8));
            if (operators != null) {
                append.set(IcebergTables.OPERATORS_SNAPSHOT, operators.toString());
            }
            append.commit();
            return t.currentSnapshot().snapshotId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
