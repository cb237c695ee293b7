package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationFitTest {
    /** The pooled fit the rows below are measured against: memory 0.8 (1 / memory = 1.25), 10 us per layer. */
    private static final double[] POOLED = {1.25, 10e-6, 0};

    /** A row 8 ms long at the data-sheet bandwidth over 32 layers, measured at 8 / 0.9 + 32 x 0.01 = 9.2089 ms. */
    private static final DecodeFit.Row AT_NINETY = new DecodeFit.Row(8e-3, 32, 8e-3 / 0.9 + 32 * 10e-6, Double.NaN);

    /**
     * Each row's own efficiency at the pooled launch cost: 8 / (9.2089 - 0.32) = 0.9, its log ratio to the pooled
     * 0.8: log(0.9 x 1.25) = log 1.125 = 0.11778; three rows shrunk by the prior worth 10 rows: exp(3 x 0.11778 / 13)
     * = exp(0.027180) = 1.02755, so the generation streams at 0.8 x 1.02755 = 0.8220 of the bus, not at 0.9.
     */
    @Test
    void threeRowsOfAGenerationMoveThePooledMemoryByTheirShrunkRatio() {
        double f = GenerationFit.factor(Collections.nCopies(3, AT_NINETY), POOLED, 3);
        assertEquals(1.02755, f, 1e-5);
        assertEquals(0.8220, f / POOLED[0], 1e-4);
    }

    /** Ten such rows: exp(10 x 0.11778 / 20) = exp(0.058892) = 1.06066, the ratio's half way to its 1.125. */
    @Test
    void moreRowsMoveItFurther() {
        assertEquals(1.06066, GenerationFit.factor(Collections.nCopies(10, AT_NINETY), POOLED, 3), 1e-5);
    }

    /** Two rows are fewer than a factor needs: the generation keeps the pooled figure. */
    @Test
    void fewerRowsThanAFactorNeedsLeaveThePooledFigure() {
        assertEquals(1, GenerationFit.factor(List.of(AT_NINETY, AT_NINETY), POOLED, 3), 0);
    }
}
