package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * A column batch reads each row's columns unboxed and takes its rows' checksums from the values it stored: each row's is
 * the one {@link RowChecksum#of(Object[])} gives the row's boxed values (so the run manifest's checksums do not depend on which
 * path wrote the table), and what it stores is what the boxed values say.
 */
class ColumnBatchTest {
    @Test
    void eachRowOfTheSmallSweepHashesAsItsBoxedValuesAndIsStoredAsThem() {
        SweepPlan plan = SweepConfigFile.load(Path.of("configs/sweeps/small.json"), Catalogs.load(Path.of("configs")),
                Long.MAX_VALUE);
        RowLayout<Evaluation> layout = new RowLayout<>(PointsTable.TABLE, plan.settings().partitionBy());
        ColumnBatch<Evaluation> batch = new ColumnBatch<>(layout);
        int nulls = 0;
        for (long id = 0; id < plan.size(); id++) {
            Evaluation e = plan.evaluate(id);
            if (e == null) {
                continue;
            }
            Object[] values = PointsTable.TABLE.values(e);
            batch.clear();
            batch.add(e);
            assertEquals(RowChecksum.of(values), batch.checksum(), "point " + id);
            for (int k = 0; k < layout.fileColumnCount(); k++) {
                Object v = values[layout.fileColumn(k)];
                assertEquals(v == null, batch.nulls(k)[0], "point " + id + " " + layout.fileColumnName(k));
                nulls += v == null ? 1 : 0;
                if (v instanceof String s) {
                    assertEquals(s, batch.strings(k)[0]);
                } else if (v instanceof Double d) {
                    assertEquals(Double.doubleToRawLongBits(d), batch.bits(k)[0]);
                } else if (v instanceof Number x) {
                    assertEquals(x.longValue(), batch.bits(k)[0]);
                } else if (v instanceof Boolean b) {
                    assertEquals(b ? 1 : 0, batch.bits(k)[0]);
                }
            }
        }
        assertTrue(nulls > 0, "the small sweep has points that do not fit, whose times are null");
    }

    /** A record whose columns cover every kind of access. */
    record Sample(long id, int n, double x, boolean ok, String note) {
    }

    /** Sample's columns; {@code note} may be null when {@code noteNullable}. */
    private static Columns<Sample> sampleColumns(boolean noteNullable) {
        return new Columns<Sample>().add("id", Columns.longs(), false, Sample::id)
                .add("n", Columns.ints(), true, Sample::n)
                .add("x", Columns.doubles(), true, Sample::x)
                .add("ok", Columns.booleans(), false, Sample::ok)
                .add("note", Columns.strings(), noteNullable, Sample::note);
    }

    @Test
    void nanIsStoredAndHashedAsNullAndAFullBatchSaysSo() {
        ColumnBatch<Sample> batch = new ColumnBatch<>(new RowLayout<>(sampleColumns(true), List.of()));
        batch.add(new Sample(7, -3, Double.NaN, true, null));
        // the boxed row of the same values: 7L, -3, null (NaN), true, null
        assertEquals(RowChecksum.of(new Object[] {7L, -3, null, true, null}), batch.checksum());
        assertArrayEquals(new boolean[] {false, false, true, false, true},
                new boolean[] {batch.nulls(0)[0], batch.nulls(1)[0], batch.nulls(2)[0], batch.nulls(3)[0],
                    batch.nulls(4)[0]});
        assertEquals(-3, batch.bits(1)[0], "ints widened with their sign");
        assertEquals(1, batch.bits(3)[0], "true as 1");
        assertFalse(batch.full());
        for (int i = 1; i < ColumnBatch.CAPACITY; i++) {
            batch.add(new Sample(i, i, i / 4.0, false, "n" + i));
        }
        assertTrue(batch.full());
        assertEquals(ColumnBatch.CAPACITY, batch.size());
        assertEquals(Double.doubleToRawLongBits(0.25), batch.bits(2)[1]);
        assertEquals("n1", batch.strings(4)[1]);
    }

    @Test
    void aNullInARequiredColumnNamesTheColumn() {
        ColumnBatch<Sample> batch = new ColumnBatch<>(new RowLayout<>(sampleColumns(false), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batch.add(new Sample(1, 1, 1.0, true, null)));
        assertEquals("null in required column note", e.getMessage());
    }

    @Test
    void partitionColumnsEnterTheChecksumButNotTheFile() {
        ColumnBatch<Sample> batch = new ColumnBatch<>(new RowLayout<>(sampleColumns(true), List.of("note")));
        batch.add(new Sample(1, 2, 0.5, false, "p"));
        assertEquals(RowChecksum.of(new Object[] {1L, 2, 0.5, false, "p"}), batch.checksum());
        batch.add(new Sample(2, 2, 0.5, false, null));
        assertEquals(RowChecksum.of(new Object[] {1L, 2, 0.5, false, "p"})
                + RowChecksum.of(new Object[] {2L, 2, 0.5, false, null}), batch.checksum(), "a null partition value");
        assertEquals(4, batch.layout().fileColumnCount());
    }

    /** Sample's columns with a row reader that puts {@code values} of them (all five, in order, when given all). */
    private static Columns<Sample> readerOf(int values) {
        return sampleColumns(true).reader((r, out) -> {
            Runnable[] puts = {() -> out.putLong(r.id()), () -> out.putInt(r.n()), () -> out.putDouble(r.x()),
                () -> out.putBoolean(r.ok()), () -> out.putString(r.note())};
            for (int k = 0; k < values; k++) {
                puts[k].run();
            }
        });
    }

    @Test
    void aRowReaderStoresAndHashesWhatTheAccessesRead() {
        ColumnBatch<Sample> byAccess = new ColumnBatch<>(new RowLayout<>(sampleColumns(true), List.of()));
        ColumnBatch<Sample> byReader = new ColumnBatch<>(new RowLayout<>(readerOf(5), List.of()));
        Sample[] rows = {new Sample(7, -3, Double.NaN, true, null), new Sample(7, -3, 0.25, false, "n"),
            new Sample(8, 4, Double.POSITIVE_INFINITY, false, "n")};
        for (Sample r : rows) {
            byAccess.add(r);
            byReader.add(r);
        }
        assertEquals(byAccess.checksum(), byReader.checksum());
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(byAccess.nulls(k), byReader.nulls(k), "nulls of column " + k);
            assertEquals(byAccess.runs().count(k), byReader.runs().count(k), "runs of column " + k);
            if (k < 4) {
                assertArrayEquals(byAccess.bits(k), byReader.bits(k), "column " + k);
            } else {
                assertArrayEquals(byAccess.strings(k), byReader.strings(k), "column " + k);
            }
        }
        // id 7, 7, 8: two runs; x NaN (null), 0.25, infinity (null): three
        assertEquals(2, byReader.runs().count(0));
        assertEquals(3, byReader.runs().count(2));
    }

    @Test
    void aRowReaderThatMissesAColumnOrGivesAnotherTypeIsRefused() {
        ColumnBatch<Sample> short4 = new ColumnBatch<>(new RowLayout<>(readerOf(4), List.of()));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> short4.add(new Sample(1, 1, 1.0, true, "a")));
        assertEquals("the row reader gave 4 values for the 5 columns of [id, n, x, ok, note]", missing.getMessage());
        Columns<Sample> swapped = sampleColumns(true).reader((r, out) -> out.putInt(r.n()));
        ColumnBatch<Sample> wrong = new ColumnBatch<>(new RowLayout<>(swapped, List.of()));
        IllegalStateException type = assertThrows(IllegalStateException.class,
                () -> wrong.add(new Sample(1, 1, 1.0, true, "a")));
        assertEquals("column id is bigint, the row reader gave an int", type.getMessage());
    }
}
