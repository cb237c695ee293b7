package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/** A page's double statistics are those of parquet-java's order ({@link Double#compare}) over its non-null values. */
class PageStatisticsTest {
    private static Statistics<?> doubleStats() {
        return Statistics.createStats(Types.optional(PrimitiveTypeName.DOUBLE).named("x"));
    }

    /** The statistics as parquet-java's writer orders them: each value against the min and max by Double.compare. */
    private static Statistics<?> byCompare(double[] values, boolean[] isNull) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (!isNull[i]) {
                min = Double.compare(values[i], min) < 0 ? values[i] : min;
                max = Double.compare(values[i], max) > 0 ? values[i] : max;
            }
        }
        Statistics<?> s = doubleStats();
        s.updateStats(min);
        s.updateStats(max);
        return s;
    }

    @Test
    void doublesIncludingBothZerosOrderAsDoubleCompare() {
        double[][] pages = {{3.5, -2.25, 1e300, -1e-300, Double.MIN_VALUE}, {0.0, -0.0}, {-0.0, 0.0}, {-0.0, -0.0},
            {0.0, 0.0, 1.0}, {-5.0, -0.0, -7.5}};
        for (double[] values : pages) {
            boolean[] isNull = new boolean[values.length];
            isNull[values.length - 1] = values.length > 2; // a null among the longer pages' values
            long[] bits = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Double.doubleToRawLongBits(values[i]);
            }
            Statistics<?> stats = doubleStats();
            PageStatistics.ofValues(PrimitiveTypeName.DOUBLE, bits, isNull, values.length, stats);
            Statistics<?> expected = byCompare(values, isNull);
            assertEquals(expected, stats, java.util.Arrays.toString(values));
            assertEquals(Double.doubleToRawLongBits((Double) expected.genericGetMin()),
                    Double.doubleToRawLongBits((Double) stats.genericGetMin()), "min's sign");
        }
    }
}
