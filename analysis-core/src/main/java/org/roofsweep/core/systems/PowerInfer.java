package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;

/**
 * PowerInfer (arXiv 2312.12456): hot neurons and dense blocks on the GPU, cold neurons computed by the CPU where
 * their weights live, concurrently, merged per layer. Placement by {@link PowerInferPlanner}, time by
 * {@link SparseExecution}. The host keeps every weight the GPU does not hold (PowerInfer mmaps the model) and the KV
 * cache when the GPU did not take it.
 *
 * <p>PowerInfer's offline solver maximises the activation mass the GPU serves under a per-layer communication
 * constraint (a layer gets no GPU neurons unless they pay for its synchronisation), and users tune {@code
 * --vram-budget}. The model plays that tuned user: for PowerInfer's fill order, and for the same with the KV cache
 * left in host memory (so its VRAM goes to neurons), it searches the hot-set size between none and all that fit for
 * the shortest request (golden-section search, the ends included), because past the point where the GPU's half of
 * the FFN becomes the slower one more GPU neurons only slow it down.
 *
 * <p>A model without activation sparsity (no published figure, and none set by the sweep) has no predictors, and
 * PowerInfer runs it in its dense mode, which is llama.cpp's layer split: the result is {@link LayerOffload}'s, in
 * {@link ExecutionMode#DENSE_MODE}. A sparse model falls back to the same dense mode where that is faster, as at low
 * sparsity, where predictors and sparse kernels cost more than they skip. The dense mode splits layers, never neurons:
 * splitting a dense FFN's neurons between GPU and CPU is a placement PowerInfer's dense mode does not make.
 *
 * <p>Only the fastest placement becomes a {@link Result}. Lower bounds of the request time skip work that cannot change
 * the outcome: a placement that cannot beat the fastest so far at any hot-set size is not searched, and a search whose
 * better end beats every size it would try in between keeps that end without trying them. A search also reuses the
 * FFN prices of the sizes that the search before it on the same execution priced. None of this changes the result.
 */
public final class PowerInfer implements InferenceSystem {
    public static final String NAME = "powerinfer";
    /** Golden-section steps: the hot set is found to within 0.618^12 = 0.3% of its largest size. */
    private static final int SEARCH_STEPS = 12;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    /** Candidates a search prices: both ends, two inner points, and one more per step. */
    private static final int CANDIDATES = SEARCH_STEPS + 4;
    /**
     * No inner point of the search lies above hi (1 - (1 - GOLDEN) GOLDEN^SEARCH_STEPS), 0.9988 hi: its last step
     * still leaves that much of its bracket above it (1% less, for rounding).
     */
    private static final double INNER_TOP = 1 - 0.99 * (1 - GOLDEN) * Math.pow(GOLDEN, SEARCH_STEPS);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        RequestShape shape = RequestShape.of(w);
        // PowerInfer's dense mode is llama.cpp's layer split: no predictors, dense kernels, whole layers on the GPU
        Result denseMode = LayerOffload.run(w, c, shape, NAME, ExecutionMode.DENSE_MODE);
        if (w.effectiveSparsity() <= 0) {
            // a model without activation sparsity has no predictors: PowerInfer cannot sparsify it
            return denseMode;
        }
        double budget = budget(w, c, shape);
        double kv = w.model().numLayers() * shape.kvBytesPerLayer();
        SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, true);
        // placements are compared by their request time, starting from the dense mode's; only the winner becomes a
        // Result (or, if nothing fits, the first sparse placement tried)
        double toBeat = denseMode.fits() ? denseMode.e2eSeconds() : Double.POSITIVE_INFINITY;
        Candidate fastest = null;
        Result unfit = null;
        SparseExecution exec = null;
        SparseExecution.HotSet[] searched = null;
        NeuronPlacement first = null;
        for (int kvOption = 0; kvOption < 2; kvOption++) {
            // PowerInfer's fill order, and the same with the KV cache kept in host memory
            NeuronPlacement greedy = PowerInferPlanner.place(f, w.model().numLayers(), budget,
                    kvOption == 1 ? Double.POSITIVE_INFINITY : kv);
            if (kvOption == 1 && !first.kvOnGpu()) {
                break;
            }
            first = greedy;
            Result.Builder out = builder(w, c, f, shape, greedy);
            if (!out.feasible()) {
                unfit = unfit == null ? out.build() : unfit;
                continue;
            }
            if (exec == null) {
                exec = new SparseExecution(w, c, shape, f, PassTimes.of(w, c, shape));
            }
            SparseExecution.Layout layout = exec.layout(greedy);
            double hi = greedy.hotFraction();
            if (layout.fastestPossibleSeconds(hi) >= toBeat) {
                // no hot-set size of this placement can beat the fastest so far
                continue;
            }
            SparseExecution.HotSet[] priced = new SparseExecution.HotSet[CANDIDATES];
            SparseExecution.HotSet hot = fastestHotSet(exec, layout, hi, priced, searched);
            searched = priced;
            NeuronPlacement pl = PowerInferPlanner.withHotFraction(f, greedy, hot.h());
            // a smaller hot set leaves more weights in host memory, which may not hold them
            Result.Builder placed = builder(w, c, f, shape, pl);
            if (!placed.feasible()) {
                unfit = unfit == null ? exec.run(pl, placed) : unfit;
                continue;
            }
            double e2e = layout.e2eSeconds(hot);
            if (e2e < toBeat) {
                fastest = new Candidate(exec, pl, placed);
                toBeat = e2e;
            }
        }
        if (fastest != null) {
            return fastest.exec().run(fastest.placement(), fastest.out());
        }
        return denseMode.fits() || unfit == null ? denseMode : unfit;
    }

    /** A placement that fits, its execution, and its result so far. */
    private record Candidate(SparseExecution exec, NeuronPlacement placement, Result.Builder out) {
    }

    /** GPU memory left for weights and KV cache: capacity less the runtime reserve, vision tower and activations. */
    private static double budget(Workload w, Calibration c, RequestShape r) {
        return w.platform().gpu().memoryBytes() - c.runtime().gpuReservedBytes() - r.visionWeightBytes()
                - r.activationBytes(c);
    }

    /**
     * The hot set of size in [0, {@code hi}] with the shortest request on a placement's layout (its dense layers, head
     * and KV cache), by golden-section search between the two ends, unless a lower bound shows that none of the sizes
     * it would try in between can beat the better end. The search records the hot sets it prices in {@code priced}, in
     * order.
     * {@code earlier} holds those of the search before it on the same execution (null if none): over the same range it
     * visits the same candidates for as long as its comparisons agree (a layout adds the same constant to every inner
     * candidate), and takes their FFN prices from there.
     */
    private static SparseExecution.HotSet fastestHotSet(SparseExecution exec, SparseExecution.Layout layout,
            double hi, SparseExecution.HotSet[] priced, SparseExecution.HotSet[] earlier) {
        if (hi <= 0) {
            return exec.hotSet(0);
        }
        // candidates by their index in priced
        int k = 0;
        int best = k;
        double bestT = e2e(exec, layout, hi, k++, priced, earlier);
        double zero = e2e(exec, layout, 0, k, priced, earlier);
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
        double f1 = e2e(exec, layout, x1, k++, priced, earlier);
        int k2 = k;
        double f2 = e2e(exec, layout, x2, k++, priced, earlier);
        for (int i = 0; i < SEARCH_STEPS; i++) {
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                k2 = k1;
                x1 = b - GOLDEN * (b - a);
                k1 = k;
                f1 = e2e(exec, layout, x1, k++, priced, earlier);
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                k1 = k2;
                x2 = a + GOLDEN * (b - a);
                k2 = k;
                f2 = e2e(exec, layout, x2, k++, priced, earlier);
            }
        }
        if (Math.min(f1, f2) < bestT) {
            best = f1 <= f2 ? k1 : k2;
        }
        return priced[best];
    }

    /** The request time of the search's {@code k}-th candidate, {@code h}, reusing the earlier search's price of h. */
    private static double e2e(SparseExecution exec, SparseExecution.Layout layout, double h, int k,
            SparseExecution.HotSet[] priced, SparseExecution.HotSet[] earlier) {
        SparseExecution.HotSet s = earlier != null && earlier[k] != null && earlier[k].h() == h ? earlier[k]
                : exec.hotSet(h);
        priced[k] = s;
        return layout.e2eSeconds(s);
    }

    /** The result builder of a placement: its memory, and whether it fits. */
    private static Result.Builder builder(Workload w, Calibration c, SparseFootprint f, RequestShape r,
            NeuronPlacement pl) {
        Result.Builder out = new Result.Builder(NAME, ExecutionMode.SPARSE, r);
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        double act = r.activationBytes(c);
        double reserved = c.runtime().gpuReservedBytes();
        double vision = r.visionWeightBytes();
        double kv = layers * r.kvBytesPerLayer();
        double host = pl.hostWeightBytes() + (pl.kvOnGpu() ? 0 : kv);
        out.gpuMemory(pl.gpuWeightBytes() + vision, pl.kvOnGpu() ? kv : 0, act, reserved)
                .memory(r.languageModelWeightBytes() + vision + layers * f.predictorLayerBytes(), vision, host, kv)
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), 0);
        out.infeasible(r.problem());
        out.requireGpuRoom(gpu, vision + act + reserved).requireHostMemory(w.platform(), host);
        return out;
    }
}
