package org.roofsweep.jobs.write;

import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * Up to {@link #CAPACITY} rows of one file held column by column ({@link BatchValues}: each of the layout's file
 * columns in one primitive array, longs as they are, ints widened, doubles as their bits, booleans as 0 or 1, strings
 * in their own array, with a flag per row for null; a run's later rows filled in from its start only where an encoder
 * reads them). Rows go in one at a time ({@link #add}), each read by the table's
 * {@link Columns.RowReader} where it has one (one call per row, each column's read inlined into it), else column by
 * column through the typed accesses ({@link Columns.Longs} and the others: no number is boxed), and in the same pass
 * each value is compared with the row before's, so that the runs of equal values are known ({@link ValueRuns}); a
 * full batch is one data page of each column ({@link PageEncoder}), encoded column after column from these arrays,
 * and its rows' {@link RowChecksum}s are taken column after column from the same arrays ({@link #checksum}).
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
    private static final String[] TYPE_NAMES = {"a long", "an int", "a double", "a boolean", "a string"};

    /** Per table column: its access's kind, and its access in the array of that kind (null in the others). */
    private final byte[] kind;
    /** Per table column: the kind of value its type takes (a boxed access's column's too). */
    private final byte[] expected;
    private final Columns.RowReader<T> reader;
    private final RowSink sink = new RowSink();
    private final Columns.Longs<T>[] longs;
    private final Columns.Ints<T>[] ints;
    private final Columns.Doubles<T>[] doubles;
    private final Columns.Booleans<T>[] booleans;
    private final Columns.Strings<T>[] strings;
    private final Columns.Getter<T>[] boxed;
    /**
     * Per table column: its file column, or for a partition column (in the checksum, not in the file) -1 - its index
     * among the partition columns.
     */
    private final int[] fileColumn;
    private final BatchValues values;
    /** Per partition column: its rows' values (bits or strings, by type) and null flags, for the checksum. */
    private final long[][] partitionBits;
    private final String[][] partitionText;
    private final boolean[][] partitionNull;
    /** Each row's checksum state while {@link #checksum} folds the columns in. */
    private final long[] rowHashes = new long[CAPACITY];
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
        this.expected = new byte[c];
        this.reader = layout.columns().reader();
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
            expected[j] = kindOf(columns.get(j).type());
        }
        for (int k = 0; k < layout.fileColumnCount(); k++) {
            fileColumn[layout.fileColumn(k)] = k;
        }
        int partitions = layout.partitionColumnCount();
        this.partitionBits = new long[partitions][];
        this.partitionText = new String[partitions][];
        this.partitionNull = new boolean[partitions][CAPACITY];
        for (int q = 0; q < partitions; q++) {
            int j = layout.partitionColumn(q);
            fileColumn[j] = -1 - q;
            if (expected[j] == STRING) {
                partitionText[q] = new String[CAPACITY];
            } else {
                partitionBits[q] = new long[CAPACITY];
            }
        }
        this.values = new BatchValues(layout, CAPACITY, maxRuns);
    }

    /** The kind of value a column of Spark type {@code type} takes. */
    private static byte kindOf(DataType type) {
        if (type.equals(DataTypes.LongType)) {
            return LONG;
        }
        if (type.equals(DataTypes.IntegerType)) {
            return INT;
        }
        if (type.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        }
        if (type.equals(DataTypes.BooleanType)) {
            return BOOLEAN;
        }
        if (type.equals(DataTypes.StringType)) {
            return STRING;
        }
        throw new IllegalArgumentException("no column kind for Spark type " + type);
    }

    public RowLayout<T> layout() {
        return layout;
    }

    /**
     * Adds one row, reading each column in table order (through the table's {@link Columns.RowReader} where it has
     * one, else column by column through the accesses); {@link #full} says when the batch must be written out.
     */
    public void add(T row) {
        sink.start(size);
        if (reader != null) {
            reader.read(row, sink);
        } else {
            readByAccess(row);
        }
        sink.finish();
        size++;
    }

    private void readByAccess(T row) {
        for (int j = 0; j < kind.length; j++) {
            switch (kind[j]) {
                case LONG -> sink.putLong(longs[j].get(row));
                case INT -> sink.putInt(ints[j].get(row));
                case DOUBLE -> sink.putDouble(doubles[j].get(row));
                case BOOLEAN -> sink.putBoolean(booleans[j].get(row));
                case STRING -> sink.putString(strings[j].get(row));
                default -> sink.putBoxed(boxed[j].get(row));
            }
        }
    }

    /**
     * Takes one row's values in column order: each stored in its file column (a partition column's in its own array,
     * for the checksum) and compared with the row before's to find the runs.
     */
    private final class RowSink implements Columns.Sink {
        private int row;
        private int column;

        void start(int i) {
            row = i;
            column = 0;
        }

        void finish() {
            if (column != kind.length) {
                throw new IllegalStateException("the row reader gave " + column + " values for the "
                        + kind.length + " columns of " + layout.columns().names());
            }
        }

        /** The next column's file column (or partition code), after checking that it takes values of {@code type}. */
        private int next(byte type) {
            int j = column++;
            if (j >= kind.length || expected[j] != type) {
                throw new IllegalStateException(j >= kind.length ? "the row reader gave more values than the "
                        + kind.length + " columns" : "column " + layout.table().fields()[j].name() + " is "
                        + layout.table().fields()[j].dataType().simpleString() + ", the row reader gave "
                        + TYPE_NAMES[type]);
            }
            return fileColumn[j];
        }

        @Override
        public void putLong(long v) {
            put(next(LONG), row, v);
        }

        @Override
        public void putInt(int v) {
            put(next(INT), row, v);
        }

        @Override
        public void putDouble(double v) {
            int k = next(DOUBLE);
            if (Double.isFinite(v)) {
                put(k, row, Double.doubleToRawLongBits(v));
            } else { // the table stores NaN and infinities as null
                putNull(k, row);
            }
        }

        @Override
        public void putBoolean(boolean v) {
            put(next(BOOLEAN), row, v ? 1 : 0);
        }

        @Override
        public void putString(String v) {
            ColumnBatch.this.putString(next(STRING), row, v);
        }

        /** A boxed value of the next column, of the column's type. */
        void putBoxed(Object v) {
            if (v == null) {
                putNull(fileColumn[column++], row);
                return;
            }
            switch (expected[column]) {
                case LONG -> putLong((Long) v);
                case INT -> putInt((Integer) v);
                case DOUBLE -> putDouble((Double) v);
                case BOOLEAN -> putBoolean((Boolean) v);
                default -> putString((String) v);
            }
        }
    }

    private void put(int k, int i, long v) {
        if (k >= 0) {
            values.putBits(k, i, v);
        } else {
            partitionBits[-1 - k][i] = v;
            partitionNull[-1 - k][i] = false;
        }
    }

    private void putString(int k, int i, String v) {
        if (v == null) {
            putNull(k, i);
        } else if (k >= 0) {
            values.putString(k, i, v);
        } else {
            partitionText[-1 - k][i] = v;
            partitionNull[-1 - k][i] = false;
        }
    }

    private void putNull(int k, int i) {
        if (k >= 0) {
            values.putNull(k, i);
        } else {
            partitionNull[-1 - k][i] = true;
        }
    }

    /**
     * The sum (mod 2^64) of the {@link RowChecksum}s of the batch's rows: each row's hash state in an array, the
     * columns folded in one after the other in table order, each over every row (a run of equal values read once).
     * The same sum as each row's hash taken as its values arrive, at less cost: one row's steps are a chain of
     * dependent multiplies (two per value, 63 values in the points table), which bounded the row's add, while the
     * steps of different rows are independent and the CPU overlaps them (BENCHMARKS.md, issue 20, tenth session).
     */
    public long checksum() {
        int n = size;
        long[] h = rowHashes;
        Arrays.fill(h, 0, n, RowChecksum.START);
        ValueRuns runs = values.runs();
        for (int j = 0; j < kind.length; j++) {
            int k = fileColumn[j];
            byte type = expected[j];
            if (k < 0) {
                foldRows(h, n, type, partitionBits[-1 - k], partitionText[-1 - k], partitionNull[-1 - k]);
            } else if (runs.recorded(k)) {
                foldRuns(h, n, type, runs, k);
            } else if (type == STRING) {
                foldRows(h, n, type, null, values.strings(k, n), values.nulls(k, n));
            } else {
                foldRows(h, n, type, values.bits(k, n), null, values.nulls(k, n));
            }
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += RowChecksum.finish(h[i]);
        }
        return sum;
    }

    /** The {@link RowChecksum#withTagged} tag of each kind of number. */
    private static final long[] TAGS = {RowChecksum.LONG_TAG, RowChecksum.INT_TAG, RowChecksum.DOUBLE_TAG,
        RowChecksum.BOOLEAN_TAG};

    /** Folds one column of {@code type} into rows [0, n) from its runs (values and nulls valid at the runs' starts). */
    private void foldRuns(long[] h, int n, byte type, ValueRuns runs, int k) {
        long[] bits = values.runBits(k);
        String[] text = values.runStrings(k);
        boolean[] isNull = values.runNulls(k);
        int count = runs.count(k);
        for (int r = 0; r < count; r++) {
            int from = runs.start(k, r);
            int to = runs.end(k, r, n);
            if (isNull[from]) {
                for (int i = from; i < to; i++) {
                    h[i] = RowChecksum.withNull(h[i]);
                }
            } else if (type == STRING) {
                String v = text[from];
                int length = v.length();
                int hash = v.hashCode();
                for (int i = from; i < to; i++) {
                    h[i] = RowChecksum.withString(h[i], length, hash);
                }
            } else {
                long tag = TAGS[type];
                long word = bits[from];
                for (int i = from; i < to; i++) {
                    h[i] = RowChecksum.withTagged(h[i], tag, word);
                }
            }
        }
    }

    /** Folds one column of {@code type} into rows [0, n) from its every row (bits or strings, and null flags). */
    private static void foldRows(long[] h, int n, byte type, long[] bits, String[] text, boolean[] isNull) {
        if (type == STRING) {
            for (int i = 0; i < n; i++) {
                h[i] = isNull[i] ? RowChecksum.withNull(h[i]) : RowChecksum.withString(h[i], text[i]);
            }
            return;
        }
        long tag = TAGS[type];
        for (int i = 0; i < n; i++) {
            h[i] = isNull[i] ? RowChecksum.withNull(h[i]) : RowChecksum.withTagged(h[i], tag, bits[i]);
        }
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
        values.clear();
    }

    /** File column {@code k}'s values as bits (longs, ints widened, doubles' raw bits, booleans 0 or 1), every row. */
    long[] bits(int k) {
        return values.bits(k, size);
    }

    /** File column {@code k}'s strings, for a string column, every row. */
    String[] strings(int k) {
        return values.strings(k, size);
    }

    /** Where the runs of equal values of each file column start, and its null rows. */
    ValueRuns runs() {
        return values.runs();
    }

    /** Which rows of file column {@code k} are null. */
    boolean[] nulls(int k) {
        return values.nulls(k, size);
    }

    /** File column {@code k}'s bits, valid at the starts of its runs (where {@link ValueRuns#recorded} holds). */
    long[] runBits(int k) {
        return values.runBits(k);
    }

    /** File column {@code k}'s strings, valid at the starts of its runs (where {@link ValueRuns#recorded} holds). */
    String[] runStrings(int k) {
        return values.runStrings(k);
    }
}
