package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * The task-side Parquet writer on its own: what it writes is what Spark reads back (types, nulls, partition values
 * that need escaping), a task spread over more partitions than it may keep open still loses no row, and an aborted
 * attempt leaves nothing.
 */
class PartitionedFileWriterTest {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.LongType, false),
            DataTypes.createStructField("group", DataTypes.StringType, true),
            DataTypes.createStructField("count", DataTypes.IntegerType, true),
            DataTypes.createStructField("value", DataTypes.DoubleType, true),
            DataTypes.createStructField("ok", DataTypes.BooleanType, false),
            DataTypes.createStructField("note", DataTypes.StringType, true)));
    private static final Columns<Object[]> ROWS = Columns.ofArrays(SCHEMA);

    @TempDir
    Path tmp;

    private static Object[] row(long id, String group) {
        boolean even = id % 2 == 0;
        return new Object[] {id, group, even ? (int) id : null, even ? null : id / 4.0, even, even ? "ü/" + id : null};
    }

    @Test
    void rowsOverMorePartitionsThanOpenFilesAreAllReadBackAsWritten() throws IOException {
        // 3 rounds over 70 partition values, one row each: 70 > 64 open files, so files are closed and reopened
        int groups = PartitionedFileWriter.MAX_OPEN_FILES + 6;
        List<Object[]> rows = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int g = 0; g < groups; g++) {
                String group = g == 0 ? "a/b=c d%" : g == 1 ? null : "g" + g; // escaping; null's own folder
                rows.add(row(rows.size(), group));
            }
        }
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(tmp.resolve("table").toUri());
        TaskFiles files;
        long checksum;
        try (PartitionedFileWriter<Object[]> w = new PartitionedFileWriter<>(new RowLayout<>(ROWS, List.of("group")), folder,
                new Configuration(), "zstd", 7, "run1")) {
            for (Object[] r : rows) {
                w.write(r);
            }
            files = w.finish();
            checksum = w.checksum();
        }
        assertEquals(rows.size(), files.rows());
        // one batch per partition change, the partition column (null too) in each row's checksum
        assertEquals(rows.stream().mapToLong(RowChecksum::of).sum(), checksum);
        // the first round opens 70 files; every row of rounds 2 and 3 finds its file closed: 70 + 2 * 70 files
        assertEquals(3 * groups, files.files().size());
        assertTrue(files.files().stream().allMatch(f -> f.path().matches("group=[^/]+/part-00007-run1-c\\d{3}\\.zstd"
                + "\\.parquet")), files.files().toString());
        assertTrue(files.files().get(0).path().startsWith("group=a%2Fb%3Dc d%25/"), files.files().get(0).path());
        assertTrue(files.files().get(1).path().startsWith("group=__HIVE_DEFAULT_PARTITION__/"),
                files.files().get(1).path());
        // each row lands in one file, so the files' own counts add up to the rows; every file got some
        assertTrue(files.files().stream().allMatch(f -> f.rows() > 0 && f.bytes() > 0), files.toString());

        List<Row> back = SharedSpark.session().read().parquet(folder.toString())
                .selectExpr("id", "`group`", "count", "value", "ok", "note").orderBy("id").collectAsList();
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            Object[] want = rows.get(i);
            Row got = back.get(i);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got.isNullAt(c) ? null : got.get(c), "row " + i + " column " + c);
            }
        }
    }

    @Test
    void anAttemptClosedBeforeItFinishedLeavesNoFolder() throws IOException {
        Path folder = tmp.resolve("attempt");
        try (PartitionedFileWriter<Object[]> w = new PartitionedFileWriter<>(new RowLayout<>(ROWS, List.of("group")),
                new org.apache.hadoop.fs.Path(folder.toUri()), new Configuration(), "zstd", 0, "run1")) {
            w.write(row(0, "x"));
            w.write(row(1, "y"));
            assertTrue(Files.isDirectory(folder.resolve("group=x")), () -> listing(folder));
            // a failure here (the task's rows threw) leaves the try block without finish()
        }
        assertFalse(Files.exists(folder), () -> listing(folder));
    }

    @Test
    void partitionColumnsMustBeStringColumnsOfTheTable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RowLayout<>(ROWS, List.of("count")));
        assertEquals("partition column count must be a string column", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RowLayout<>(ROWS, List.of("nope")));
        assertEquals("partition column nope is not a column of the table", e.getMessage());
    }

    private static String listing(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.map(Path::toString).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
