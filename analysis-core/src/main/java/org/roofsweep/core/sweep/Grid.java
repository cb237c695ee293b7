package org.roofsweep.core.sweep;

/**
 * A mixed-radix index space: point {@code i} has one digit per axis, the first axis most significant. Any index maps
 * to its point without enumerating the others, so executors can expand ranges of a billion points with no state.
 */
public record Grid(int[] radix) implements java.io.Serializable {

    public Grid {
        radix = radix.clone();
        for (int r : radix) {
            if (r < 1) {
                throw new IllegalArgumentException("every axis needs at least one value");
            }
        }
    }

    /** Number of points, or -1 if it exceeds {@code Long.MAX_VALUE}. */
    public long size() {
        long n = 1;
        for (int r : radix) {
            if (n > Long.MAX_VALUE / r) {
                return -1;
            }
            n *= r;
        }
        return n;
    }

    /** Writes the digits of {@code index} into {@code digits} (length = axes). */
    public void decode(long index, int[] digits) {
        long rest = index;
        for (int a = radix.length - 1; a >= 0; a--) {
            digits[a] = (int) (rest % radix[a]);
            rest /= radix[a];
        }
    }

    public long encode(int[] digits) {
        long index = 0;
        for (int a = 0; a < radix.length; a++) {
            index = index * radix[a] + digits[a];
        }
        return index;
    }

    public int axes() {
        return radix.length;
    }

    public int radix(int axis) {
        return radix[axis];
    }
}
