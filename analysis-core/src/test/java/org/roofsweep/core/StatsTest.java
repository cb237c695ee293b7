package org.roofsweep.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}), 0);
        assertEquals(3, Stats.median(new double[] {5, 3, 1}), 0);
        assertTrue(Double.isNaN(Stats.median(new double[0])));
    }
}
