package org.roofsweep.jobs.write;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Up to {@link #CAPACITY} rows of one file held column by column: each of the layout's file columns in one primitive
 * array (longs as they are, ints widened, doubles as their bits, booleans as 0 or 1; strings as Parquet binaries in
 * their own array), with a flag per row for null. Rows go in one at a time ({@link #add}); a full batch is one data
 * page of each column ({@link PageEncoder}), encoded column after column from these arrays.
 *
 * <p>A string is encoded to UTF-8 once per column while it repeats (consecutive rows mostly share their strings):
 * each string column remembers its last strings and their binaries, up to {@link #STRINGS_REMEMBERED}.
 */
public final class ColumnBatch {
    /** Rows per batch, so per data page: parquet-java's default page row-count limit. */
    public static final int CAPACITY = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    static final int STRINGS_REMEMBERED = 4096;

    private final RowLayout layout;
    private final PrimitiveTypeName[] types;
    private final int[] rowIndex;
    private final long[][] bits;
    private final Binary[][] binaries;
    private final boolean[][] isNull;
    private final boolean[] nullable;
    private final String[] lastString;
    private final Binary[] lastBinary;
    private final Map<String, Binary>[] remembered;
    private int size;

    @SuppressWarnings("unchecked")
    public ColumnBatch(RowLayout layout) {
        this.layout = layout;
        int n = layout.fileColumnCount();
        this.types = new PrimitiveTypeName[n];
        this.rowIndex = new int[n];
        this.bits = new long[n][];
        this.binaries = new Binary[n][];
        this.isNull = new boolean[n][CAPACITY];
        this.nullable = new boolean[n];
        this.lastString = new String[n];
        this.lastBinary = new Binary[n];
        this.remembered = new Map[n];
        for (int k = 0; k < n; k++) {
            types[k] = layout.fileColumnType(k);
            rowIndex[k] = layout.fileColumn(k);
            nullable[k] = layout.fileColumnNullable(k);
            if (types[k] == PrimitiveTypeName.BINARY) {
                binaries[k] = new Binary[CAPACITY];
                remembered[k] = new HashMap<>();
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
                case BINARY -> binaries[k][i] = binary(k, (String) v);
                default -> throw new IllegalStateException("unmapped type " + types[k]);
            }
        }
        size = i + 1;
        return size == CAPACITY;
    }

    private Binary binary(int k, String s) {
        if (s == lastString[k] || s.equals(lastString[k])) {
            return lastBinary[k];
        }
        Map<String, Binary> seen = remembered[k];
        Binary b = seen.get(s);
        if (b == null) {
            if (seen.size() >= STRINGS_REMEMBERED) {
                seen.clear();
            }
            b = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
            seen.put(s, b);
        }
        lastString[k] = s;
        lastBinary[k] = b;
        return b;
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
    Binary[] binaries(int k) {
        return binaries[k];
    }

    /** Which rows of file column {@code k} are null. */
    boolean[] nulls(int k) {
        return isNull[k];
    }
}
