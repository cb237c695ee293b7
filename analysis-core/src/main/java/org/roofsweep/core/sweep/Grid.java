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

    /**
     * Writes the digits of {@code index} into {@code digits} (length = axes). Once the rest of the index fits an int,
     * the divisions are 32-bit (on x86-64 some half the latency of 64-bit ones), and an axis of one value takes none:
     * a sweep evaluates a point in about 2 us, and its 22 axes' 64-bit divisions were about a twentieth of that
     * (BENCHMARKS.md, issue 20, seventh session).
     */
    public void decode(long index, int[] digits) {
        long rest = index;
        int a = radix.length - 1;
        for (; a >= 0 && rest > Integer.MAX_VALUE; a--) {
            digits[a] = (int) (rest % radix[a]);
            rest /= radix[a];
        }
        int small = (int) rest;
        for (; a >= 0; a--) {
            int r = radix[a];
            if (r == 1) {
                digits[a] = 0;
            } else {
                digits[a] = small % r;
                small /= r;
            }
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
