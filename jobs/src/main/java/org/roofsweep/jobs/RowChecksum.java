package org.roofsweep.jobs;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.spark.sql.Row;

/**
 * A content checksum of a table that does not depend on row order, partitioning, file layout or the number of tasks:
 * the sum (mod 2^64) over rows of a 64-bit hash of each row's values in schema order. Sums of disjoint parts add up,
 * so a table built by several appended runs has the checksum of the same rows written at once.
 *
 * <p>Each value is hashed as a type tag plus a canonical encoding (longs and ints as their two's complement, doubles
 * as {@link Double#doubleToLongBits}, strings as UTF-8 with their length, null as its own tag) with 64-bit FNV-1a; the
 * row hash is finished with the SplitMix64 mixer so that sums of similar rows do not cancel. Any reader can recompute
 * it from the Parquet files: {@link #of(Row)} over the columns in {@link ResultSchema} order.
 */
public final class RowChecksum {
    /** Name recorded in {@code run.json} beside the value, so a later change of algorithm is visible. */
    public static final String ALGORITHM = "sum64(splitmix64(fnv1a64(typed values in schema order)))";
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RowChecksum() {
    }

    /** The 64-bit hash of one row. */
    public static long of(Row row) {
        long h = FNV_OFFSET;
        for (int i = 0; i < row.length(); i++) {
            h = value(h, row.isNullAt(i) ? null : row.get(i));
        }
        return mix(h);
    }

    /** The same hash of a row given as its values in schema order ({@link Columns#values}). */
    public static long of(Object[] values) {
        long h = FNV_OFFSET;
        for (Object v : values) {
            h = value(h, v);
        }
        return mix(h);
    }

    /** The hex text of a table checksum, as {@code run.json} stores it. */
    public static String hex(long sum) {
        return HexFormat.of().toHexDigits(sum);
    }

    private static long value(long h, Object v) {
        if (v == null) {
            return bytes(h, 'n');
        }
        if (v instanceof Long l) {
            return longBits(bytes(h, 'l'), l);
        }
        if (v instanceof Integer i) {
            return longBits(bytes(h, 'i'), i);
        }
        if (v instanceof Double d) {
            return longBits(bytes(h, 'd'), Double.doubleToLongBits(d));
        }
        if (v instanceof Boolean b) {
            return bytes(bytes(h, 'b'), b ? 1 : 0);
        }
        if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            long k = longBits(bytes(h, 's'), utf8.length);
            for (byte c : utf8) {
                k = bytes(k, c);
            }
            return k;
        }
        throw new IllegalArgumentException("no checksum encoding for " + v.getClass().getName());
    }

    private static long bytes(long h, int b) {
        return (h ^ (b & 0xff)) * FNV_PRIME;
    }

    private static long longBits(long h, long v) {
        long k = h;
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
            k = bytes(k, (int) (v >>> shift));
        }
        return k;
    }

    /** SplitMix64's finalizer (Steele, Lea and Flood, OOPSLA 2014). */
    private static long mix(long z) {
        long x = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
