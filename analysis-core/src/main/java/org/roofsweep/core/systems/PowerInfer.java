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
 * the FFN becomes the slower one more GPU neurons only slow it down. It also runs a model in PowerInfer's dense mode
 * (no predictors, dense kernels, the llama.cpp path) when that is faster, as at low sparsity, where predictors and
 * sparse kernels cost more than they skip; a model without published sparsity always runs dense.
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
        boolean sparse = w.effectiveSparsity() > 0;
        // the request's shape and its placement-free pass times do not depend on sparsity: both modes share them
        RequestShape shape = RequestShape.of(w);
        PassTimes passes = null;
        // so do the GPU budget and the KV cache that PowerInfer's fill order places
        double budget = budget(w, c, shape);
        double kv = w.model().numLayers() * shape.kvBytesPerLayer();
        // placements are compared by their request time; only the winner becomes a Result (or, if none fits, the
        // first placement tried)
        Candidate fastest = null;
        Result unfit = null;
        // a model without sparsity runs as it is, which is dense; a sparse one both ways
        for (Mode mode : sparse ? Mode.values() : new Mode[] {Mode.DENSE}) {
            Workload run = sparse && mode == Mode.DENSE ? w.withSparsity(0) : w;
            SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, mode == Mode.SPARSE);
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
                Result.Builder out = builder(run, c, f, shape, greedy);
                if (!out.feasible()) {
                    if (unfit == null && fastest == null) {
                        unfit = out.build();
                    }
                    continue;
                }
                if (exec == null) {
                    passes = passes == null ? PassTimes.of(w, c, shape) : passes;
                    exec = new SparseExecution(run, c, shape, f, passes);
                }
                SparseLayout layout = exec.layout(greedy);
                double hi = greedy.hotFraction();
                if (fastest != null && layout.fastestPossibleSeconds(hi) >= fastest.e2eSeconds()) {
                    // no hot-set size of this placement can beat the fastest so far
                    continue;
                }
                SparseFfn.HotSet[] priced = new SparseFfn.HotSet[PowerInferSearch.CANDIDATES];
                SparseFfn.HotSet hot = PowerInferSearch.fastestHotSet(exec, layout, hi, priced, searched);
                searched = priced;
                NeuronPlacement pl = NeuronPlacer.withHotFraction(f, greedy, hot.h());
                // a smaller hot set leaves more weights in host memory, which may not hold them
                Result.Builder placed = builder(run, c, f, shape, pl);
                if (!placed.feasible()) {
                    if (unfit == null && fastest == null) {
                        unfit = exec.run(pl, placed);
                    }
                    continue;
                }
                double e2e = layout.e2eSeconds(hot);
                if (fastest == null || e2e < fastest.e2eSeconds()) {
                    fastest = new Candidate(exec, pl, placed, e2e);
                }
            }
        }
        return fastest != null ? fastest.exec().run(fastest.placement(), fastest.out()) : unfit;
    }

    /** PowerInfer's two ways to run a model: with predictors and sparse kernels, or dense (the llama.cpp path). */
    private enum Mode {
        SPARSE, DENSE
    }

    /** Where a placement keeps the KV cache: as PowerInfer's fill order places it, or in host memory. */
    private enum KvCache {
        FILL_ORDER, IN_HOST_MEMORY
    }

    /** A placement that fits, its execution, its result so far, and its request time. */
    private record Candidate(SparseExecution exec, NeuronPlacement placement, Result.Builder out,
            double e2eSeconds) {
    }

    /** GPU memory left for weights and KV cache: capacity less the runtime reserve, vision tower and activations. */
    private static double budget(Workload w, Calibration c, RequestShape r) {
        return w.platform().gpu().memoryBytes() - c.runtime().gpuReservedBytes() - r.visionWeightBytes()
                - r.activationBytes(c);
    }

    /** The result builder of a placement: its memory, and whether it fits. */
    private static Result.Builder builder(Workload w, Calibration c, SparseFootprint f, RequestShape r,
            NeuronPlacement pl) {
        Result.Builder out = new Result.Builder(NAME, r);
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
