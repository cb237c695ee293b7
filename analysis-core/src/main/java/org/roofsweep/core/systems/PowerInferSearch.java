package org.roofsweep.core.systems;

/**
 * The hot-set size PowerInfer's tuned user picks for a placement: the one with the shortest request, found by
 * golden-section search between none and all that fit (the ends included), because past the point where the GPU's
 * half of the FFN becomes the slower one more GPU neurons only slow it down.
 *
 * <p>A shortcut changes no result: a lower bound of the request time ({@link SparseLayout#fastestInnerSeconds}) keeps
 * the better end without trying the sizes in between when none of them can beat it.
 */
final class PowerInferSearch {
    /** Golden-section steps: the hot set is found to within 0.618^12 = 0.3% of its largest size. */
    private static final int SEARCH_STEPS = 12;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    /** Candidates a search prices: both ends, two inner points, and one more per step. */
    static final int CANDIDATES = SEARCH_STEPS + 4;
    /**
     * No inner point of the search lies above hi (1 - (1 - GOLDEN) GOLDEN^SEARCH_STEPS), 0.9988 hi: its last step
     * still leaves that much of its bracket above it (1% less, for rounding).
     */
    private static final double INNER_TOP = 1 - 0.99 * (1 - GOLDEN) * Math.pow(GOLDEN, SEARCH_STEPS);

    private PowerInferSearch() {
    }

    /**
     * The hot set of size in [0, {@code hi}] with the shortest request on a placement's layout (its dense layers, head
     * and KV cache), by golden-section search between the two ends, unless a lower bound shows that none of the sizes
     * it would try in between can beat the better end. The search records the hot sets it prices in {@code priced}
     * ({@link #CANDIDATES} long), in order.
     */
    static SparseFfn.HotSet fastestHotSet(SparseExecution exec, SparseLayout layout, double hi,
            SparseFfn.HotSet[] priced) {
        if (hi <= 0) {
            return exec.hotSet(0);
        }
        // candidates by their index in priced
        int k = 0;
        int best = k;
        double bestT = e2e(exec, layout, hi, k++, priced);
        double zero = e2e(exec, layout, 0, k, priced);
        if (zero < bestT) {
            bestT = zero;
            best = k;
        }
        k++;
        if (layout.fastestInnerSeconds(hi * INNER_TOP) >= bestT) {
            // no size the search would try in between can beat the better end, which it would keep
            return priced[best];
        }
        double a = 0;
        double b = hi;
        double x1 = b - GOLDEN * (b - a);
        double x2 = a + GOLDEN * (b - a);
        int k1 = k;
        double f1 = e2e(exec, layout, x1, k++, priced);
        int k2 = k;
        double f2 = e2e(exec, layout, x2, k++, priced);
        for (int i = 0; i < SEARCH_STEPS; i++) {
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                k2 = k1;
                x1 = b - GOLDEN * (b - a);
                k1 = k;
                f1 = e2e(exec, layout, x1, k++, priced);
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                k1 = k2;
                x2 = a + GOLDEN * (b - a);
                k2 = k;
                f2 = e2e(exec, layout, x2, k++, priced);
            }
        }
        if (Math.min(f1, f2) < bestT) {
            best = f1 <= f2 ? k1 : k2;
        }
        return priced[best];
    }

    /** The request time of the search's {@code k}-th candidate, {@code h}, recorded in {@code priced}. */
    private static double e2e(SparseExecution exec, SparseLayout layout, double h, int k, SparseFfn.HotSet[] priced) {
        SparseFfn.HotSet s = exec.hotSet(h);
        priced[k] = s;
        return layout.e2eSeconds(s);
    }
}
