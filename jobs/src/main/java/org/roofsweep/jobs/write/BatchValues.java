package org.roofsweep.jobs.write;

import java.util.Arrays;

/**
 * The stored values of a {@link ColumnBatch}'s file columns: one primitive array per column (numbers as bits, strings
 * in their own array) and a flag per row for null, with the runs of equal values found as rows arrive
 * ({@link ValueRuns}: one compare of each value with the one before, kept per column).
 *
 * <p>A row that continues a run is not stored while the column's runs are all recorded: its page is encoded run by
 * run from the values at the run starts ({@link #runBits}, {@link #runStrings}), and the other rows are filled in from
 * them, one {@link Arrays#fill} per run, only when an encoder reads the column row by row ({@link #bits},
 * {@link #strings}, {@link #nulls}). A column whose runs pass what {@link ValueRuns} records (times, ids) is filled in
 * at that row and stored row by row from then on. Why: most of the points table's columns come from the point id or
 * are categories of the result, so their values change every few hundred rows; a row stored into each of 63 arrays
 * of 20,000 values (11 MB, beyond the caches) cost more than the compare (BENCHMARKS.md, issue 20, seventh session).
 */
final class BatchValues {
    private final RowLayout<?> layout;
    private final long[][] bits;
    private final String[][] text;
    private final boolean[][] isNull;
    private final boolean[] nullable;
    private final ValueRuns runs;
    /** Per column: the value of the run the last row is in (its bits, its string, or null). */
    private final long[] lastBits;
    private final String[] lastText;
    private final boolean[] lastNull;
    /** Per column: whether every row of the batch so far is stored (filled in, or past its recorded runs). */
    private final boolean[] everyRow;
    /** Batches emptied so far ({@link #clear}). */
    private int batches;
    /** Every this many batches, each column starts a batch comparing its values again ({@link #clear}). */
    static final int PROBE_EVERY = 16;

    BatchValues(RowLayout<?> layout, int capacity, int maxRuns) {
        this.layout = layout;
        int n = layout.fileColumnCount();
        this.bits = new long[n][];
        this.text = new String[n][];
        this.isNull = new boolean[n][capacity];
        this.nullable = new boolean[n];
        this.runs = new ValueRuns(n, maxRuns);
        this.lastBits = new long[n];
        this.lastText = new String[n];
        this.lastNull = new boolean[n];
        this.everyRow = new boolean[n];
        for (int k = 0; k < n; k++) {
            nullable[k] = layout.fileColumnNullable(k);
            if (layout.fileColumnType(k) == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY) {
                text[k] = new String[capacity];
            } else {
                bits[k] = new long[capacity];
            }
        }
    }

    /** Row {@code i} of column {@code k} holds {@code v} (a number's bits); rows come in order from 0. */
    void putBits(int k, int i, long v) {
        if (pastRuns(k)) {
            bits[k][i] = v;
            return;
        }
        if (i == 0 || lastNull[k] || lastBits[k] != v) {
            startRun(k, i);
            lastNull[k] = false;
            lastBits[k] = v;
        } else if (!everyRow[k]) {
            return;
        }
        bits[k][i] = v;
    }

    /** Row {@code i} of column {@code k} holds {@code v} (not null). */
    void putString(int k, int i, String v) {
        if (pastRuns(k)) {
            text[k][i] = v;
            return;
        }
        if (i == 0 || lastNull[k] || !v.equals(lastText[k])) {
            startRun(k, i);
            lastNull[k] = false;
            lastText[k] = v;
        } else if (!everyRow[k]) {
            return;
        }
        text[k][i] = v;
    }

    /** Row {@code i} of column {@code k} is null; refused in a required column. */
    void putNull(int k, int i) {
        if (!nullable[k]) {
            throw new IllegalArgumentException("null in required column " + layout.fileColumnName(k));
        }
        runs.countNull(k);
        if (pastRuns(k)) {
            isNull[k][i] = true;
            return;
        }
        if (i == 0 || !lastNull[k]) {
            startRun(k, i);
            lastNull[k] = true;
            lastText[k] = null;
        } else if (!everyRow[k]) {
            return;
        }
        isNull[k][i] = true;
    }

    /** Row {@code i} starts a run of column {@code k}; past the recorded runs, the rows before are filled in. */
    private void startRun(int k, int i) {
        runs.startAt(k, i);
        if (!everyRow[k] && !runs.recorded(k)) {
            fillRuns(k, i);
            everyRow[k] = true;
        }
    }

    /** Fills rows [0, end) of column {@code k} from its recorded run starts. */
    private void fillRuns(int k, int end) {
        int count = Math.min(runs.count(k), runs.maxRuns());
        for (int r = 0; r < count; r++) {
            int from = runs.start(k, r);
            int to = runs.end(k, r, end);
            if (to > from + 1) {
                Arrays.fill(isNull[k], from + 1, to, isNull[k][from]);
                if (bits[k] != null) {
                    Arrays.fill(bits[k], from + 1, to, bits[k][from]);
                } else {
                    Arrays.fill(text[k], from + 1, to, text[k][from]);
                }
            }
        }
    }

    /** Every one of the batch's {@code n} rows of column {@code k} in its arrays (filled in once). */
    private void fillAll(int k, int n) {
        if (!everyRow[k]) {
            fillRuns(k, n);
            everyRow[k] = true;
        }
    }

    /**
     * Empties the batch. The null flags are false at every row but the null ones (a value's row is never stored as
     * not null), so the flags of a column that had nulls are cleared here, one fill per column.
     *
     * <p>A column that passed its recorded runs in this batch (times, rates, ids) starts the next one past them: each
     * row stored as it comes, without the compares, run starts and fill-in of its first rows (a fill of some 2,500
     * runs per column and batch), its page encoded value by value, which gives the same bytes as by runs. Every
     * {@link #PROBE_EVERY}-th batch every column starts comparing again, so that one whose values have come to
     * repeat is encoded by runs again.
     */
    void clear() {
        boolean probe = ++batches % PROBE_EVERY == 0;
        for (int k = 0; k < isNull.length; k++) {
            if (runs.nulls(k) > 0) {
                Arrays.fill(isNull[k], false);
            }
            everyRow[k] = pastRuns(k) && !probe;
        }
        runs.clear();
        for (int k = 0; k < everyRow.length; k++) {
            if (everyRow[k]) {
                runs.unrecorded(k);
            }
        }
    }

    ValueRuns runs() {
        return runs;
    }

    /**
     * Whether column {@code k} is past its recorded runs in this batch ({@link ValueRuns#recorded} no longer holds), so
     * each later row is stored as it comes, without the compare with the row before's (its page is encoded value by
     * value: its runs no longer matter). A column gets there at the run start past {@link ValueRuns#maxRuns}, where
     * its rows before are filled in ({@link #startRun}), or from its first row where {@link #clear} keeps it there.
     */
    boolean pastRuns(int k) {
        return !runs.recorded(k);
    }

    /** Column {@code k}'s bits at every one of the first {@code n} rows. */
    long[] bits(int k, int n) {
        fillAll(k, n);
        return bits[k];
    }

    /** Column {@code k}'s strings at every one of the first {@code n} rows. */
    String[] strings(int k, int n) {
        fillAll(k, n);
        return text[k];
    }

    /** Which of the first {@code n} rows of column {@code k} are null. */
    boolean[] nulls(int k, int n) {
        fillAll(k, n);
        return isNull[k];
    }

    /** Column {@code k}'s bits, valid at its runs' starts (where {@link ValueRuns#recorded} holds). */
    long[] runBits(int k) {
        return bits[k];
    }

    /** Column {@code k}'s strings, valid at its runs' starts (where {@link ValueRuns#recorded} holds). */
    String[] runStrings(int k) {
        return text[k];
    }

    /** Column {@code k}'s null flags, valid at its runs' starts (where {@link ValueRuns#recorded} holds). */
    boolean[] runNulls(int k) {
        return isNull[k];
    }
}
