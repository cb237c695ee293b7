package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * PowerInfer (arXiv 2312.12456): hot neurons and dense blocks on the GPU, cold neurons computed by the CPU where
 * their weights live, concurrently, merged per layer. Placement by {@link NeuronPlacer}, time by
 * {@link SparseExecution}, the hot-set size by {@link PowerInferSearch}. The host keeps every weight the GPU does not
 * hold (PowerInfer mmaps the model) and the KV cache when the GPU did not take it.
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
        SparseFfn.HotSet[] searched = null;
        NeuronPlacement first = null;
        for (KvCache kvOption : KvCache.values()) {
            NeuronPlacement greedy = NeuronPlacer.place(f, w.model().numLayers(), budget,
                    kvOption == KvCache.IN_HOST_MEMORY ? Double.POSITIVE_INFINITY : kv);
            if (kvOption == KvCache.IN_HOST_MEMORY && !first.kvOnGpu()) {
                // the fill order left the cache in host memory already
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
            SparseLayout layout = exec.layout(greedy);
            double hi = greedy.hotFraction();
            if (layout.fastestPossibleSeconds(hi) >= toBeat) {
                // no hot-set size of this placement can beat the fastest so far
                continue;
            }
            SparseFfn.HotSet[] priced = new SparseFfn.HotSet[PowerInferSearch.CANDIDATES];
            SparseFfn.HotSet hot = PowerInferSearch.fastestHotSet(exec, layout, hi, priced, searched);
            searched = priced;
            NeuronPlacement pl = NeuronPlacer.withHotFraction(f, greedy, hot.h());
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

    /** Where a placement keeps the KV cache: as PowerInfer's fill order places it, or in host memory. */
    private enum KvCache {
        FILL_ORDER, IN_HOST_MEMORY
    }

    /** A placement that fits, its execution, and its result so far. */
    private record Candidate(SparseExecution exec, NeuronPlacement placement, Result.Builder out) {
    }

    /** GPU memory left for weights and KV cache: capacity less the runtime reserve, vision tower and activations. */
    private static double budget(Workload w, Calibration c, RequestShape r) {
        return w.platform().gpu().memoryBytes() - c.runtime().gpuReservedBytes() - r.visionWeightBytes()
                - r.activationBytes(c);
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
