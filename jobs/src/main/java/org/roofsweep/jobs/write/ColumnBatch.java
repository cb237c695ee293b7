package org.roofsweep.jobs.write;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Up to {@link #CAPACITY} rows of one file held column by column: each of the layout's file columns in one primitive
 * array (longs as they are, ints widened, doubles as their bits, booleans as 0 or 1; strings in their own array),
 * with a flag per row for null. Rows go in one at a time ({@link #add}); a full batch is one data page of each
 * column ({@link PageEncoder}), encoded column after column from these arrays.
 */
public final class ColumnBatch {
    /** Rows per batch, so per data page: parquet-java's default page row-count limit. */
    public static final int CAPACITY = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;

    private final RowLayout layout;
    private final PrimitiveTypeName[] types;
    private final int[] rowIndex;
    private final long[][] bits;
    private final String[][] strings;
    private final boolean[][] isNull;
    private final boolean[] nullable;
    private int size;

    public ColumnBatch(RowLayout layout) {
        this.layout = layout;
        int n = layout.fileColumnCount();
        this.types = new PrimitiveTypeName[n];
        this.rowIndex = new int[n];
        this.bits = new long[n][];
        this.strings = new String[n][];
        this.isNull = new boolean[n][CAPACITY];
        this.nullable = new boolean[n];
        for (int k = 0; k < n; k++) {
            types[k] = layout.fileColumnType(k);
            rowIndex[k] = layout.fileColumn(k);
            nullable[k] = layout.fileColumnNullable(k);
            if (types[k] == PrimitiveTypeName.BINARY) {
                strings[k] = new String[CAPACITY];
            } else {
                bits[k] = new long[CAPACITY];
            }
        }
    }

    public RowLayout layout() {
        return layout;
    }

    /** Adds one row (its values in table order, boxed, null for null); returns true when the batch is full. */
    public boolean add(Object[] row) {
        int i = size;
        for (int k = 0; k < types.length; k++) {
            Object v = row[rowIndex[k]];
            if (v == null) {
                if (!nullable[k]) {
                    throw new IllegalArgumentException("null in required column " + layout.fileColumnName(k));
                }
                isNull[k][i] = true;
                continue;
            }
            isNull[k][i] = false;
            switch (types[k]) {
                case INT64 -> bits[k][i] = (Long) v;
                case INT32 -> bits[k][i] = (Integer) v;
                case DOUBLE -> bits[k][i] = Double.doubleToRawLongBits((Double) v);
                case BOOLEAN -> bits[k][i] = (Boolean) v ? 1 : 0;
                case BINARY -> strings[k][i] = (String) v;
                default -> throw new IllegalStateException("unmapped type " + types[k]);
            }
        }
        size = i + 1;
        return size == CAPACITY;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** File column {@code k}'s values as bits (longs, ints widened, doubles' raw bits, booleans 0 or 1). */
    long[] bits(int k) {
        return bits[k];
    }

    /** File column {@code k}'s strings, for a string column. */
    String[] strings(int k) {
        return strings[k];
    }

    /** Which rows of file column {@code k} are null. */
    boolean[] nulls(int k) {
        return isNull[k];
    }
}
