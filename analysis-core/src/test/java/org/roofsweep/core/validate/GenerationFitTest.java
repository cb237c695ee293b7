package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationFitTest {
    /**
     * The pooled fit the rows below are measured against, {1 / memory, launch, stream, a captured step's launch}:
     * memory 0.8 (1 / memory = 1.25), 10 us per layer, no cap, 4 us per layer in a captured step.
     */
    private static final double[] POOLED = {1.25, 10e-6, 0, 4e-6};

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

    /**
     * A row whose build captured the step as a graph pays the captured launch: 8 / 0.9 + 32 x 0.004 = 9.0169 ms,
     * less 32 x 4 us leaves 8 / 0.9 again, so three such rows give the same factor as three of AT_NINETY.
     */
    @Test
    void aCapturedRowIsMeasuredAtTheGraphsLaunch() {
        DecodeFit.Row captured = new DecodeFit.Row(8e-3, 32, 8e-3 / 0.9 + 32 * 4e-6, Double.NaN, true);
        assertEquals(1.02755, GenerationFit.factor(Collections.nCopies(3, captured), POOLED, 3), 1e-5);
    }

    /** Two rows are fewer than a factor needs: the generation keeps the pooled figure. */
    @Test
    void fewerRowsThanAFactorNeedsLeaveThePooledFigure() {
        assertEquals(1, GenerationFit.factor(List.of(AT_NINETY, AT_NINETY), POOLED, 3), 0);
    }

    /** A pooled fit with a cores' cap: memory 0.8, 10 us per layer, 0.02 bytes per FP32 FLOP. */
    private static final double[] POOLED_CAPPED = {1.25, 10e-6, 0.02, 10e-6};

    /**
     * A card whose bus carries 0.05 bytes per FLOP of its FP32 peak streams at the cap, 0.05 / 0.02 = 2.5x slower
     * than t0, not at 1 / 0.8 = 1.25x; a row 4 ms long at the bus measured at 4 x 2.5 / 0.9 + 32 x 0.01 = 11.431 ms
     * runs at 0.9 of that capped rate: t0 / (t - L x launch) x 2.5 = 0.36 x 2.5 = 0.9, log 0.9 = -0.10536, three rows
     * shrunk: exp(3 x -0.10536 / 13) = 0.97598. Against 1 / memory alone the same rows read log(0.36 x 1.25) =
     * -0.79851 and a factor of exp(-0.18427) = 0.8317, a generation four times as slow as the rows say.
     */
    @Test
    void aCappedCardsRowsAreMeasuredAgainstTheCap() {
        DecodeFit.Row capped = new DecodeFit.Row(4e-3, 32, 4e-3 * 2.5 / 0.9 + 32 * 10e-6, 0.05);
        assertEquals(0.97598, GenerationFit.factor(Collections.nCopies(3, capped), POOLED_CAPPED, 3), 1e-5);
        assertEquals(2.5, DecodeFit.slowdown(capped, POOLED_CAPPED[0], POOLED_CAPPED[2]), 1e-12);
        assertEquals(1.25, DecodeFit.slowdown(capped, POOLED_CAPPED[0], 0), 1e-12);
    }
}
