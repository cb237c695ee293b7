package org.roofsweep.jobs.schema;

import java.util.HexFormat;
import org.apache.spark.sql.Row;

/**
 * A content checksum of a table that does not depend on row order, partitioning, file layout or the number of tasks:
 * the sum (mod 2^64) over rows of a 64-bit hash of each row's values in schema order. Sums of disjoint parts add up,
 * so a table built by several appended runs has the checksum of the same rows written at once.
 *
 * <p>Each value enters the hash as a type tag and then one 64-bit word (longs and ints as their two's complement,
 * doubles as {@link Double#doubleToLongBits}, booleans as 0 or 1, strings as their length and then
 * {@link String#hashCode} (the Java hash of their UTF-16 code units), null as its tag alone), each step
 * {@code h = (h ^ word) * 0x100000001b3} from the FNV-1a offset: every step is a bijection of {@code h}, so two rows
 * that differ in one number never hash alike. Strings can: two of one length and one {@code hashCode} ("Aa" and
 * "BB") give the same word. That is enough for what the checksum is for (a retried task or an appended run that
 * wrote other rows), not a proof that two tables are equal. The row hash is finished with the SplitMix64 mixer so that sums of
 * similar rows do not cancel. Any reader can recompute it from the Parquet files: {@link #of(Row)} over the columns
 * in {@link PointsTable} order. One word per value keeps it cheap (it runs for every row the sweep writes).
 */
public final class RowChecksum {
    /** Name recorded in the run manifest beside the value, so a later change of algorithm is visible. */
    public static final String ALGORITHM = "sum64(splitmix64(fnv1a64 over 64-bit words: tag, value per column))";
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** The hash state before a row's first value ({@link #withLong} and the other steps fold values into it). */
    public static final long START = FNV_OFFSET;

    private RowChecksum() {
    }

    /** The 64-bit hash of one row. */
    public static long of(Row row) {
        long h = START;
        for (int i = 0; i < row.length(); i++) {
            h = withValue(h, row.isNullAt(i) ? null : row.get(i));
        }
        return finish(h);
    }

    /** The same hash of a row given as its values in schema order ({@link Columns#values}). */
    public static long of(Object[] values) {
        long h = START;
        for (Object v : values) {
            h = withValue(h, v);
        }
        return finish(h);
    }

    /** The hex text of a table checksum, as the run manifest stores it. */
    public static String hex(long sum) {
        return HexFormat.of().toHexDigits(sum);
    }

    // One value at a time, for a writer that takes a row's values unboxed: start from START, fold each value in
    // schema order with the step of its type, finish; of(values) takes the same steps over boxed values.

    /** The row hash of the state after its last value. */
    public static long finish(long h) {
        return mix(h);
    }

    public static long withNull(long h) {
        return step(h, 'n');
    }

    /** The type tags of {@link #withTagged}: a long's, an int's, a double's, a boolean's. */
    public static final long LONG_TAG = 'l';
    public static final long INT_TAG = 'i';
    public static final long DOUBLE_TAG = 'd';
    public static final long BOOLEAN_TAG = 'b';

    public static long withLong(long h, long v) {
        return withTagged(h, LONG_TAG, v);
    }

    public static long withInt(long h, int v) {
        return withTagged(h, INT_TAG, v);
    }

    /** A double; the caller folds a double the table stores as null (NaN, infinities) with {@link #withNull}. */
    public static long withDouble(long h, double v) {
        return withTagged(h, DOUBLE_TAG, Double.doubleToLongBits(v));
    }

    public static long withBoolean(long h, boolean v) {
        return withTagged(h, BOOLEAN_TAG, v ? 1 : 0);
    }

    /**
     * A number given by its type's tag and its 64-bit word (a long's or int's two's complement, a double's bits, a
     * boolean's 0 or 1), for a writer that holds a column's values as words: the step of each typed method above.
     */
    public static long withTagged(long h, long tag, long word) {
        return step(step(h, tag), word);
    }

    /** A string, not null. */
    public static long withString(long h, String s) {
        return withString(h, s.length(), s.hashCode());
    }

    /** A string given by its length and {@link String#hashCode} (a writer that knows them from an equal string). */
    public static long withString(long h, int length, int hashCode) {
        return step(step(step(h, 's'), length), hashCode);
    }

    /** A boxed value (Long, Integer, Double, Boolean, String) or null. */
    public static long withValue(long h, Object v) {
        if (v == null) {
            return withNull(h);
        }
        if (v instanceof Long l) {
            return withLong(h, l);
        }
        if (v instanceof Integer i) {
            return withInt(h, i);
        }
        if (v instanceof Double d) {
            return withDouble(h, d);
        }
        if (v instanceof Boolean b) {
            return withBoolean(h, b);
        }
        if (v instanceof String s) {
            return withString(h, s);
        }
        throw new IllegalArgumentException("no checksum encoding for " + v.getClass().getName());
    }

    private static long step(long h, long word) {
        return (h ^ word) * FNV_PRIME;
    }

    /** SplitMix64's finalizer (Steele, Lea and Flood, OOPSLA 2014). */
    private static long mix(long z) {
        long x = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
