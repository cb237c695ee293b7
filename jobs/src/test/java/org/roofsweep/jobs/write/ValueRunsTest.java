package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * Pages encoded run by run ({@link ValueRuns}) are the pages encoded value by value, byte for byte: the same file
 * comes out of a batch that records its runs and of one that records none ({@code maxRuns} 0), over long runs, runs
 * shorter than 8, nulls, all-null pages, strings equal in content but not instance, doubles with and without a
 * dictionary, and the small sweep's own rows; and a row's checksum does not depend on whether its strings continue a
 * run (whose hash the batch keeps) or start one.
 */
class ValueRunsTest {
    @TempDir
    Path tmp;

    /** Columns of every kind, with runs of different lengths. */
    record Row(long id, int batch, int shortRuns, int constant, double x, boolean ok, String group, String tail) {
        static Row of(int i) {
            // shortRuns: in each block of 1,000 rows, 4 rows of -1 then 996 of the block's number: runs of 4 and 996
            int shortRuns = i % 1000 < 4 ? -1 : i / 1000;
            double x = i % 7777 == 0 ? Double.NaN : (i / 500) * 0.5; // NaN is stored as null
            String group = i >= 25_000 && i < 25_010 ? null : new String("group-" + (i / 700)); // a new instance
            return new Row(i, (i / 100) % 6, shortRuns, 42, x, (i / 250) % 2 == 0, group, i >= 40_000 ? null : "t");
        }
    }

    private static Columns<Row> columns() {
        return new Columns<Row>().add("id", Columns.longs(), false, Row::id)
                .add("batch", Columns.ints(), true, Row::batch)
                .add("short_runs", Columns.ints(), true, Row::shortRuns)
                .add("constant", Columns.ints(), false, Row::constant)
                .add("x", Columns.doubles(), true, Row::x)
                .add("ok", Columns.booleans(), false, Row::ok)
                .add("group", Columns.strings(), true, Row::group)
                .add("tail", Columns.strings(), true, Row::tail);
    }

    @Test
    void runsAreFoundAsRowsArriveAndCappedPerColumn() {
        ColumnBatch<Row> batch = new ColumnBatch<>(new RowLayout<>(columns(), List.of()));
        for (int i = 0; i < ColumnBatch.CAPACITY; i++) {
            batch.add(Row.of(i));
        }
        ValueRuns runs = batch.runs();
        assertFalse(runs.recorded(0), "20,000 distinct ids: more than 2,500 runs");
        assertEquals(200, runs.count(1), "runs of 100 rows: 20,000 / 100");
        assertEquals(100, runs.start(1, 1));
        assertEquals(40, runs.count(2), "20 blocks of a run of 4 and one of 996");
        assertEquals(996 + 4, runs.start(2, 2));
        assertEquals(1, runs.count(3));
        // x: 40 runs of 500 values, and the NaNs of rows 0, 7777 and 15554 each split one and are runs of their own
        assertEquals(40 + 2 * 2 + 1, runs.count(4));
        assertEquals(3, runs.nulls(4));
        assertEquals(80, runs.count(5), "booleans in runs of 250");
        assertEquals(29, runs.count(6), "ceil(20,000 / 700) groups, each string a new instance");
        assertEquals(0, runs.nulls(6));
        batch.clear();
        assertEquals(0, batch.runs().count(1));
    }

    @Test
    void aColumnPastItsRunsStartsTheNextBatchPastThemUntilAProbe() {
        // batches of 10 rows recording 5 runs: column 0 takes 10 distinct values (past its runs at row 5), column 1
        // one value; after a batch past them, column 0 stores every row from row 0, but in every 16th batch
        BatchValues values = new BatchValues(new RowLayout<>(columns(), List.of()), 10, 5);
        for (int b = 0; b <= 2 * BatchValues.PROBE_EVERY; b++) {
            boolean probe = b % BatchValues.PROBE_EVERY == 0;
            long[] expected = new long[10];
            for (int i = 0; i < 10; i++) {
                expected[i] = b * 100L + i;
                values.putBits(0, i, expected[i]);
                values.putBits(1, i, 7);
                if (i == 0) {
                    assertEquals(!probe, values.pastRuns(0), "batch " + b + ", its first row");
                }
            }
            assertTrue(values.pastRuns(0));
            assertFalse(values.pastRuns(1));
            assertFalse(values.runs().recorded(0));
            assertEquals(1, values.runs().count(1));
            assertArrayEquals(expected, Arrays.copyOf(values.bits(0, 10), 10), "batch " + b);
            values.clear();
        }
    }

    @Test
    void everyRowReadsBackAsAddedWhetherFilledInOrStored() {
        Columns<Row> columns = columns();
        ColumnBatch<Row> batch = new ColumnBatch<>(new RowLayout<>(columns, List.of()), 5);
        int n = 4_000;
        for (int first : new int[] {0, 24_000}) {
            batch.clear();
            for (int i = 0; i < n; i++) {
                batch.add(Row.of(first + i));
            }
            assertTrue(batch.runs().recorded(3) && !batch.runs().recorded(1) && !batch.runs().recorded(6));
            assertEquals(first == 0 ? 1 : 0, batch.runs().nulls(4));
            assertEquals(first == 0 ? 0 : 10, batch.runs().nulls(6));
            assertReadBack(columns, batch, first, n);
        }
    }

    private static void assertReadBack(Columns<Row> columns, ColumnBatch<Row> batch, int first, int n) {
        for (int k = 0; k < columns.list().size(); k++) {
            boolean[] nulls = batch.nulls(k);
            for (int i = 0; i < n; i++) {
                Object v = columns.values(Row.of(first + i))[k];
                String where = "column " + k + ", row " + (first + i);
                boolean isNull = v == null || v instanceof Double d && d.isNaN();
                assertEquals(isNull, nulls[i], where);
                if (isNull) {
                    continue;
                }
                if (v instanceof String text) {
                    assertEquals(text, batch.strings(k)[i], where);
                } else {
                    long bits = v instanceof Double d ? Double.doubleToRawLongBits(d)
                            : v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
                    assertEquals(bits, batch.bits(k)[i], where);
                }
            }
        }
    }

    @Test
    void aBatchsChecksumIsTheSumOfItsBoxedRowsOnes() {
        // group and tail are new String instances per row, columns by runs and past them: each batch's checksum,
        // folded column by column, is the sum of its rows' hashes taken value by value
        Columns<Row> columns = columns();
        for (int maxRuns : new int[] {ValueRuns.MAX_RUNS, 5}) {
            ColumnBatch<Row> batch = new ColumnBatch<>(new RowLayout<>(columns, List.of()), maxRuns);
            long expected = 0;
            for (int i = 0; i < 45_000; i++) {
                Row r = Row.of(i);
                batch.add(r);
                expected += RowChecksum.of(columns.values(r));
                if (batch.full() || i == 44_999) {
                    assertEquals(expected, batch.checksum(), "the batch ending at row " + i + ", " + maxRuns + " runs");
                    batch.clear();
                    expected = 0;
                }
            }
        }
    }

    @Test
    void syntheticRowsGiveTheSameFileByRunsAndByValues() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) { // pages of 20,000, 20,000 and 5,000 rows
            rows.add(Row.of(i));
        }
        RowLayout<Row> layout = new RowLayout<>(columns(), List.of());
        for (boolean doublesDictionary : new boolean[] {false, true}) {
            byte[] byRuns = write(rows, layout, ValueRuns.MAX_RUNS, doublesDictionary, "runs");
            byte[] byValues = write(rows, layout, 0, doublesDictionary, "values");
            assertArrayEquals(byValues, byRuns, "doubles dictionary " + doublesDictionary);
        }
    }

    @Test
    void theSmallSweepGivesTheSameFileByRunsAndByValues() throws IOException {
        SweepPlan plan = SweepConfigFile.load(Path.of("configs/sweeps/small.json"), Catalogs.load(Path.of("configs")),
                Long.MAX_VALUE);
        List<Evaluation> rows = new ArrayList<>();
        for (long id = 0; id < plan.size(); id++) {
            Evaluation e = plan.evaluate(id);
            if (e != null) {
                rows.add(e);
            }
        }
        RowLayout<Evaluation> layout = new RowLayout<>(PointsTable.TABLE, List.of());
        byte[] byRuns = write(rows, layout, ValueRuns.MAX_RUNS, false, "sweep-runs");
        assertArrayEquals(write(rows, layout, 0, false, "sweep-values"), byRuns);
        ColumnBatch<Evaluation> batch = new ColumnBatch<>(layout);
        long expected = 0;
        for (Evaluation e : rows) { // runs of a sweep's strings (reasons, labels) hash as each row's values
            batch.add(e);
            expected += RowChecksum.of(PointsTable.TABLE.values(e));
        }
        assertEquals(expected, batch.checksum());
        int byRunColumns = 0;
        for (int k = 0; k < layout.fileColumnCount(); k++) {
            byRunColumns += batch.runs().recorded(k) && batch.runs().nulls(k) == 0 ? 1 : 0;
        }
        assertTrue(byRunColumns >= 20, byRunColumns + " of the small sweep's columns are encoded by runs");
    }

    /** The rows as one file, through batches that record at most {@code maxRuns} runs per column. */
    private <T> byte[] write(List<T> rows, RowLayout<T> layout, int maxRuns, boolean doublesDictionary, String name)
            throws IOException {
        Configuration conf = new Configuration();
        ParquetProperties props = ParquetProperties.builder().build();
        CodecFactory codecs = new CodecFactory(conf, props.getPageSizeThreshold());
        boolean[] dictionary = new boolean[layout.fileColumnCount()];
        for (int k = 0; k < dictionary.length; k++) {
            dictionary[k] = doublesDictionary || layout.fileColumnType(k) != PrimitiveTypeName.DOUBLE;
        }
        Path file = tmp.resolve(name + doublesDictionary + ".parquet");
        ColumnBatch<T> batch = new ColumnBatch<>(layout, maxRuns);
        try (ColumnFile out = new ColumnFile(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()),
                conf), layout.fileSchema(), dictionary, new PageBuffers(),
                codecs.getCompressor(CompressionCodecName.ZSTD), props)) {
            for (T row : rows) {
                batch.add(row);
                if (batch.full()) {
                    out.write(batch);
                    batch.clear();
                }
            }
            if (batch.size() > 0) {
                out.write(batch);
            }
        } finally {
            codecs.release();
        }
        return Files.readAllBytes(file);
    }
}
