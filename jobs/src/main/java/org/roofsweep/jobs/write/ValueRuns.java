package org.roofsweep.jobs.write;

/**
 * Where the runs of equal values start in each column of a {@link ColumnBatch}, found as rows arrive (one compare
 * of a value with the row before's). A sweep's rows come in the grid's radix order, so a column whose value comes
 * from the point id (gpu, system, batch, prompt tokens, ...) and most of the result's categories (reason, mode,
 * context size) change only every few hundred or thousand rows: a page of such a column is a few runs, and
 * {@link PageEncoder} encodes it run by run (one dictionary lookup, one statistics update and one RLE run each)
 * instead of value by value.
 *
 * <p>A column records at most {@link #MAX_RUNS} run starts per batch; past that (a column of times, or of ids) it is
 * marked as having many runs and is encoded value by value, as before.
 */
final class ValueRuns {
    /**
     * Run starts kept per column: a page of more runs than this averages under 8 rows a run, which the RLE / bit-packed
     * hybrid packs as bit-packed groups anyway (runs of 8 or more are what it writes as RLE runs).
     */
    static final int MAX_RUNS = ColumnBatch.CAPACITY / 8;

    private final int maxRuns;
    private final int[][] starts;
    private final int[] count;
    private final int[] nulls;

    /** {@code maxRuns}: run starts kept per column ({@link #MAX_RUNS}; 0 keeps none, every page value by value). */
    ValueRuns(int columns, int maxRuns) {
        this.maxRuns = maxRuns;
        this.starts = new int[columns][maxRuns];
        this.count = new int[columns];
        this.nulls = new int[columns];
    }

    /** Row {@code i} of column {@code k} starts a new run (row 0 always does). */
    void startAt(int k, int i) {
        int c = count[k];
        if (c < maxRuns) {
            starts[k][c] = i;
        }
        count[k] = c + 1;
    }

    /** Row of column {@code k} is null. */
    void countNull(int k) {
        nulls[k]++;
    }

    /** Column {@code k} records no runs in this batch (stored row by row from its first row). */
    void unrecorded(int k) {
        count[k] = maxRuns + 1;
    }

    void clear() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(nulls, 0);
    }

    /** Run starts kept per column. */
    int maxRuns() {
        return maxRuns;
    }

    /** Whether column {@code k}'s runs are all recorded (at most {@code maxRuns}). */
    boolean recorded(int k) {
        return count[k] <= maxRuns;
    }

    /**
     * The number of runs of column {@code k} (null rows are values of their own: a null ends a run); past
     * {@code maxRuns}, {@code maxRuns + 1}: the batch stops comparing that column's values ({@link BatchValues}).
     */
    int count(int k) {
        return count[k];
    }

    /** Where column {@code k}'s run {@code r} starts; it ends where {@link #end} says. */
    int start(int k, int r) {
        return starts[k][r];
    }

    /**
     * Where column {@code k}'s recorded run {@code r} ends (exclusive): the next recorded run's start, or
     * {@code rows} after the last one (the batch's size, or the row where a column past its recorded runs starts its
     * first unrecorded one).
     */
    int end(int k, int r, int rows) {
        return r + 1 < Math.min(count[k], maxRuns) ? starts[k][r + 1] : rows;
    }

    /** Null rows of column {@code k}. */
    int nulls(int k) {
        return nulls[k];
    }
}
