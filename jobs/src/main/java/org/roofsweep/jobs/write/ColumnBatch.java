package org.roofsweep.jobs.write;

import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * Up to {@link #CAPACITY} rows of one file held column by column: each of the layout's file columns in one primitive
 * array (longs as they are, ints widened, doubles as their bits, booleans as 0 or 1; strings in their own array),
 * with a flag per row for null. Rows go in one at a time ({@link #add}), each read column by column through the
 * table's typed accesses ({@link Columns.Longs} and the others: no number is boxed), and in the same pass each value
 * is folded into the row's {@link RowChecksum} and compared with the row before's, so that the runs of equal values
 * are known ({@link ValueRuns}); a full batch is one data page of each column ({@link PageEncoder}), encoded column
 * after column from these arrays.
 */
public final class ColumnBatch<T> {
    /** Rows per batch, so per data page: parquet-java's default page row-count limit. */
    public static final int CAPACITY = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;

    private final RowLayout<T> layout;
    private static final byte LONG = 0;
    private static final byte INT = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOLEAN = 3;
    private static final byte STRING = 4;
    private static final byte BOXED = 5;

    /** Per table column: its kind, and its access in the array of that kind (null in the others). */
    private final byte[] kind;
    private final Columns.Longs<T>[] longs;
    private final Columns.Ints<T>[] ints;
    private final Columns.Doubles<T>[] doubles;
    private final Columns.Booleans<T>[] booleans;
    private final Columns.Strings<T>[] strings;
    private final Columns.Getter<T>[] boxed;
    /** Per table column: its file column, or -1 for a partition column (hashed, not stored). */
    private final int[] fileColumn;
    private final PrimitiveTypeName[] types;
    private final long[][] bits;
    private final String[][] text;
    private final boolean[][] isNull;
    private final boolean[] nullable;
    private final ValueRuns runs;
    /** Per string file column, the {@link String#hashCode} of its current run's string. */
    private final int[] hashes;
    private int size;

    public ColumnBatch(RowLayout<T> layout) {
        this(layout, ValueRuns.MAX_RUNS);
    }

    /** {@code maxRuns}: the runs of equal values recorded per column and batch ({@link ValueRuns}). */
    @SuppressWarnings("unchecked")
    ColumnBatch(RowLayout<T> layout, int maxRuns) {
        this.layout = layout;
        List<Columns.Column<T>> columns = layout.columns().list();
        int c = columns.size();
        this.kind = new byte[c];
        this.longs = new Columns.Longs[c];
        this.ints = new Columns.Ints[c];
        this.doubles = new Columns.Doubles[c];
        this.booleans = new Columns.Booleans[c];
        this.strings = new Columns.Strings[c];
        this.boxed = new Columns.Getter[c];
        this.fileColumn = new int[c];
        Arrays.fill(fileColumn, -1);
        for (int j = 0; j < c; j++) {
            Columns.Access<T> a = columns.get(j).access();
            if (a instanceof Columns.Longs<T> x) {
                longs[j] = x;
                kind[j] = LONG;
            } else if (a instanceof Columns.Ints<T> x) {
                ints[j] = x;
                kind[j] = INT;
            } else if (a instanceof Columns.Doubles<T> x) {
                doubles[j] = x;
                kind[j] = DOUBLE;
            } else if (a instanceof Columns.Booleans<T> x) {
                booleans[j] = x;
                kind[j] = BOOLEAN;
            } else if (a instanceof Columns.Strings<T> x) {
                strings[j] = x;
                kind[j] = STRING;
            } else {
                boxed[j] = (Columns.Getter<T>) a;
                kind[j] = BOXED;
            }
        }
        int n = layout.fileColumnCount();
        this.types = new PrimitiveTypeName[n];
        this.bits = new long[n][];
        this.text = new String[n][];
        this.isNull = new boolean[n][CAPACITY];
        this.nullable = new boolean[n];
        this.runs = new ValueRuns(n, maxRuns);
        this.hashes = new int[n];
        for (int k = 0; k < n; k++) {
            fileColumn[layout.fileColumn(k)] = k;
            types[k] = layout.fileColumnType(k);
            nullable[k] = layout.fileColumnNullable(k);
            if (types[k] == PrimitiveTypeName.BINARY) {
                text[k] = new String[CAPACITY];
            } else {
                bits[k] = new long[CAPACITY];
            }
        }
    }

    public RowLayout<T> layout() {
        return layout;
    }

    /**
     * Adds one row, reading each column in table order, and returns the row's {@link RowChecksum}; {@link #full}
     * says when the batch must be written out.
     */
    public long add(T row) {
        int i = size;
        long h = RowChecksum.START;
        for (int j = 0; j < fileColumn.length; j++) {
            int k = fileColumn[j];
            switch (kind[j]) {
                case LONG -> {
                    long v = longs[j].get(row);
                    h = RowChecksum.withLong(h, v);
                    put(k, i, v);
                }
                case INT -> {
                    int v = ints[j].get(row);
                    h = RowChecksum.withInt(h, v);
                    put(k, i, v);
                }
                case DOUBLE -> {
                    double v = doubles[j].get(row);
                    if (Double.isFinite(v)) {
                        h = RowChecksum.withDouble(h, v);
                        put(k, i, Double.doubleToRawLongBits(v));
                    } else { // the table stores NaN and infinities as null
                        h = RowChecksum.withNull(h);
                        putNull(k, i);
                    }
                }
                case BOOLEAN -> {
                    boolean v = booleans[j].get(row);
                    h = RowChecksum.withBoolean(h, v);
                    put(k, i, v ? 1 : 0);
                }
                case STRING -> h = putString(k, i, strings[j].get(row), h);
                default -> h = putBoxed(k, i, boxed[j].get(row), h);
            }
        }
        size = i + 1;
        return RowChecksum.finish(h);
    }

    private void put(int k, int i, long v) {
        if (k >= 0) {
            long[] b = bits[k];
            boolean[] nulls = isNull[k];
            if (i == 0 || nulls[i - 1] || b[i - 1] != v) {
                runs.startAt(k, i);
            }
            nulls[i] = false;
            b[i] = v;
        }
    }

    private long putString(int k, int i, String v, long h) {
        if (v == null) {
            putNull(k, i);
            return RowChecksum.withNull(h);
        }
        if (k < 0) {
            return RowChecksum.withString(h, v);
        }
        String[] t = text[k];
        boolean[] nulls = isNull[k];
        if (i == 0 || nulls[i - 1] || !v.equals(t[i - 1])) {
            runs.startAt(k, i);
            // a string made anew for each row has no cached hash: it is computed once per run
            hashes[k] = v.hashCode();
        }
        nulls[i] = false;
        t[i] = v;
        return RowChecksum.withString(h, v.length(), hashes[k]);
    }

    private void putNull(int k, int i) {
        if (k < 0) {
            return;
        }
        if (!nullable[k]) {
            throw new IllegalArgumentException("null in required column " + layout.fileColumnName(k));
        }
        if (i == 0 || !isNull[k][i - 1]) {
            runs.startAt(k, i);
        }
        runs.countNull(k);
        isNull[k][i] = true;
    }

    /** A boxed value, stored as its file column's type says. */
    private long putBoxed(int k, int i, Object v, long h) {
        if (v == null || v instanceof String) {
            return putString(k, i, (String) v, h);
        }
        if (k >= 0) {
            switch (types[k]) {
                case INT64 -> put(k, i, (Long) v);
                case INT32 -> put(k, i, (Integer) v);
                case DOUBLE -> put(k, i, Double.doubleToRawLongBits((Double) v));
                case BOOLEAN -> put(k, i, (Boolean) v ? 1 : 0);
                default -> throw new IllegalStateException("unmapped type " + types[k]);
            }
        }
        return RowChecksum.withValue(h, v);
    }

    /** Whether the batch holds {@link #CAPACITY} rows. */
    public boolean full() {
        return size == CAPACITY;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
        runs.clear();
    }

    /** File column {@code k}'s values as bits (longs, ints widened, doubles' raw bits, booleans 0 or 1). */
    long[] bits(int k) {
        return bits[k];
    }

    /** File column {@code k}'s strings, for a string column. */
    String[] strings(int k) {
        return text[k];
    }

    /** Where the runs of equal values of each file column start, and its null rows. */
    ValueRuns runs() {
        return runs;
    }

    /** Which rows of file column {@code k} are null. */
    boolean[] nulls(int k) {
        return isNull[k];
    }
}
