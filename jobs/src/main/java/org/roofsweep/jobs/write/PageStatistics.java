package org.roofsweep.jobs.write;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The min and max of a page of numbers, as parquet-java's column writer gathers them value by value: over the non-null
 * values, doubles ordered by {@link Double#compare}, booleans as false before true. Taken over all values, or over
 * the first value of each run of equal values ({@link ValueRuns}), which is the same min and max with one compare
 * per run. A batch's doubles are finite (it stores NaN and infinities as null), and over finite values
 * {@link Math#min} and {@link Math#max} order as {@link Double#compare} does, -0.0 before 0.0 included; the JIT
 * compiles them without branches, where the compare's branches took 3% of a task's samples (BENCHMARKS.md, issue 20,
 * tenth session).
 */
final class PageStatistics {
    private PageStatistics() {
    }

    /** Over rows {@code [0, n)} of {@code bits} that are not null. */
    static void ofValues(PrimitiveTypeName type, long[] bits, boolean[] isNull, int n, Statistics<?> stats) {
        boolean any = false;
        if (type == PrimitiveTypeName.DOUBLE) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!isNull[i]) {
                    double v = Double.longBitsToDouble(bits[i]);
                    min = Math.min(v, min);
                    max = Math.max(v, max);
                    any = true;
                }
            }
            doubles(any, min, max, stats);
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (!isNull[i]) {
                min = Math.min(min, bits[i]);
                max = Math.max(max, bits[i]);
                any = true;
            }
        }
        integers(type, any, min, max, stats);
    }

    /** Over the first row of each of column {@code k}'s runs, a column with no null rows. */
    static void ofRuns(PrimitiveTypeName type, long[] bits, ValueRuns runs, int k, Statistics<?> stats) {
        int count = runs.count(k);
        if (type == PrimitiveTypeName.DOUBLE) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < count; j++) {
                double v = Double.longBitsToDouble(bits[runs.start(k, j)]);
                min = Math.min(v, min);
                max = Math.max(v, max);
            }
            doubles(count > 0, min, max, stats);
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int j = 0; j < count; j++) {
            long v = bits[runs.start(k, j)];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        integers(type, count > 0, min, max, stats);
    }

    private static void doubles(boolean any, double min, double max, Statistics<?> stats) {
        if (any) {
            stats.updateStats(min);
            stats.updateStats(max);
        }
    }

    /** Longs, ints (widened) or booleans (0 or 1: false before true, each once if present). */
    private static void integers(PrimitiveTypeName type, boolean any, long min, long max, Statistics<?> stats) {
        if (!any) {
            return;
        }
        switch (type) {
            case INT64 -> {
                stats.updateStats(min);
                stats.updateStats(max);
            }
            case INT32 -> {
                stats.updateStats((int) min);
                stats.updateStats((int) max);
            }
            case BOOLEAN -> {
                if (min == 0) {
                    stats.updateStats(false);
                }
                if (max == 1) {
                    stats.updateStats(true);
                }
            }
            default -> throw new IllegalStateException("unmapped type " + type);
        }
    }
}
