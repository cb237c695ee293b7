package org.roofsweep.core;

import java.util.Arrays;

/** Summary statistics over measured or computed values. */
public final class Stats {
    private Stats() {
    }

    /**
     * The exact median: the middle value, or the mean of the two middle values of an even count (as Spark SQL's
     * {@code median}); NaN when there are none. The array is not changed.
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
