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
 * the FFN becomes the slower one more GPU neurons only slow it down. It also runs a model in PowerInfer's dense mode
 * (no predictors, dense kernels, the llama.cpp path) when that is faster, as at low sparsity, where predictors and
 * sparse kernels cost more than they skip; a model without published sparsity always runs dense.
 */
public final class PowerInfer implements InferenceSystem {
    public static final String NAME = "powerinfer";
    /** Golden-section steps: the hot set is found to within 0.618^12 = 0.3% of its largest size. */
    private static final int SEARCH_STEPS = 12;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        Result best = null;
        boolean sparse = w.effectiveSparsity() > 0;
        for (int mode = 0; mode < (sparse ? 2 : 1); mode++) {
            Workload run = mode == 0 ? w : w.withSparsity(0);
            SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, mode == 0 && sparse);
            RequestShape shape = RequestShape.of(run);
            SparseExecution exec = null;
            NeuronPlacement first = null;
            for (int kvOption = 0; kvOption < 2; kvOption++) {
                NeuronPlacement greedy = fill(run, c, f, shape, kvOption == 1);
                if (kvOption == 1 && !first.kvOnGpu()) {
                    break;
                }
                first = greedy;
                Result.Builder out = builder(run, c, f, shape, greedy);
                Result r;
                if (out.feasible()) {
                    exec = exec == null ? new SparseExecution(run, c, shape, f) : exec;
                    NeuronPlacement pl = PowerInferPlanner.withHotFraction(f, greedy, fastestHotFraction(exec, f,
                            greedy));
                    r = exec.run(pl, builder(run, c, f, shape, pl));
                } else {
                    r = out.build();
                }
                if (best == null || better(r, best)) {
                    best = r;
                }
            }
        }
        return best;
    }

    private static boolean better(Result a, Result b) {
        if (a.fits() != b.fits()) {
            return a.fits();
        }
        return a.fits() && a.e2eSeconds() < b.e2eSeconds();
    }

    /** PowerInfer's fill order within the GPU budget; the KV cache kept in host memory if {@code kvOnHost}. */
    private static NeuronPlacement fill(Workload w, Calibration c, SparseFootprint f, RequestShape r,
            boolean kvOnHost) {
        double budget = budget(w, c, r);
        double kv = w.model().numLayers() * r.kvBytesPerLayer();
        return PowerInferPlanner.place(f, w.model().numLayers(), budget, kvOnHost ? Double.POSITIVE_INFINITY : kv);
    }

    /** GPU memory left for weights and KV cache: capacity less the runtime reserve, vision tower and activations. */
    private static double budget(Workload w, Calibration c, RequestShape r) {
        return w.platform().gpu().memoryBytes() - c.runtime().gpuReservedBytes() - r.visionWeightBytes()
                - r.activationBytes(c);
    }

    /** The hot-set size in [0, the placement's] with the shortest request, by golden-section search. */
    private static double fastestHotFraction(SparseExecution exec, SparseFootprint f, NeuronPlacement pl) {
        double hi = pl.hotFraction();
        double bestH = hi;
        double bestT = exec.e2eSeconds(pl);
        if (hi <= 0) {
            return 0;
        }
        double zero = exec.e2eSeconds(PowerInferPlanner.withHotFraction(f, pl, 0));
        if (zero < bestT) {
            bestT = zero;
            bestH = 0;
        }
        double a = 0;
        double b = hi;
        double x1 = b - GOLDEN * (b - a);
        double x2 = a + GOLDEN * (b - a);
        double f1 = exec.e2eSeconds(PowerInferPlanner.withHotFraction(f, pl, x1));
        double f2 = exec.e2eSeconds(PowerInferPlanner.withHotFraction(f, pl, x2));
        for (int i = 0; i < SEARCH_STEPS; i++) {
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - GOLDEN * (b - a);
                f1 = exec.e2eSeconds(PowerInferPlanner.withHotFraction(f, pl, x1));
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + GOLDEN * (b - a);
                f2 = exec.e2eSeconds(PowerInferPlanner.withHotFraction(f, pl, x2));
            }
        }
        if (Math.min(f1, f2) < bestT) {
            bestH = f1 <= f2 ? x1 : x2;
        }
        return bestH;
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
