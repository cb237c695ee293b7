package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;

/**
 * PowerInfer (arXiv 2312.12456): hot neurons and dense blocks on the GPU, cold neurons computed by the CPU where
 * their weights live, concurrently, merged per layer. Placement by {@link PowerInferPlanner}, time by
 * {@link SparseExecution}. The host keeps every weight the GPU does not hold (PowerInfer mmaps the model) and the KV
 * cache when the GPU did not take it.
 *
 * <p>Like PowerInfer's offline solver, which maximises the activation mass served by the GPU under a per-layer
 * communication constraint (a layer gets no GPU neurons unless they pay for its synchronisation), and like a user
 * tuning {@code --vram-budget}, the planner keeps the fastest of a few placements: PowerInfer's fill order; the same
 * with the KV cache left in host memory (so its VRAM goes to neurons); no GPU neurons; and a hot set cut to where the
 * GPU's and the CPU's FFN halves take equal time (past that point more GPU neurons make the slower side slower). It also runs a model in PowerInfer's dense mode
 * (no predictors, dense kernels, the llama.cpp path) when that is faster, as it is at low sparsity where predictors
 * and sparse kernels cost more than they skip; a model without published sparsity always runs dense.
 */
public final class PowerInfer implements InferenceSystem {
    public static final String NAME = "powerinfer";

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
            for (int option = 0; option < 4; option++) {
                Result.Builder out = new Result.Builder(NAME, shape);
                NeuronPlacement pl = candidate(run, c, f, shape, option, out);
                if (pl == null) {
                    continue;
                }
                if (out.feasible() && exec == null) {
                    exec = new SparseExecution(run, c, shape, f);
                }
                Result r = out.feasible() ? exec.run(pl, out) : out.build();
                if (r != null && (best == null || better(r, best))) {
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

    /**
     * One placement, its memory and feasibility recorded in {@code out}: option 0 is PowerInfer's fill order, 1 keeps
     * the KV cache in host memory, 2 places no neurons on the GPU, 3 cuts the hot set to the GPU-CPU balance point.
     * Null when the option equals one already tried.
     */
    private static NeuronPlacement candidate(Workload w, Calibration c, SparseFootprint f, RequestShape r, int option,
            Result.Builder out) {
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        double act = r.activationBytes(c);
        double reserved = c.runtime().gpuReservedBytes();
        double vision = r.visionWeightBytes();
        double kv = layers * r.kvBytesPerLayer();
        double budget = gpu.memoryBytes() - reserved - vision - act;
        NeuronPlacement greedy = PowerInferPlanner.place(f, layers, budget, kv);
        NeuronPlacement pl = switch (option) {
            case 0 -> greedy;
            case 1 -> greedy.kvOnGpu() ? PowerInferPlanner.place(f, layers, budget, Double.POSITIVE_INFINITY) : null;
            case 2 -> greedy.hotFraction() > 0 && greedy.hotFraction() < 1
                    ? PowerInferPlanner.withHotFraction(f, greedy, 0) : null;
            default -> {
                double balanced = balancedHotFraction(w, c);
                yield balanced < greedy.hotFraction() ? PowerInferPlanner.withHotFraction(f, greedy, balanced) : null;
            }
        };
        if (pl == null) {
            return null;
        }
        double host = pl.hostWeightBytes() + (pl.kvOnGpu() ? 0 : kv);
        out.gpuMemory(pl.gpuWeightBytes() + vision, pl.kvOnGpu() ? kv : 0, act, reserved)
                .memory(r.languageModelWeightBytes() + vision + layers * f.predictorLayerBytes(), vision, host, kv)
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), 0);
        out.infeasible(r.problem());
        if (budget < 0) {
            out.infeasible("the vision tower, activations and runtime reserve alone need "
                    + RequestShape.gib(vision + act + reserved) + " of GPU memory, " + gpu.key() + " has "
                    + RequestShape.gib(gpu.memoryBytes()));
        }
        if (host > w.platform().hostMemoryBytes()) {
            out.infeasible("needs " + RequestShape.gib(host) + " of host memory, the platform has "
                    + RequestShape.gib(w.platform().hostMemoryBytes()));
        }
        return pl;
    }

    /**
     * The hot fraction at which, for one token, the GPU streams its active hot neurons in the time the CPU streams
     * its active cold ones: mass(0, h) / gpu bandwidth = mass(h, 1) / cpu bandwidth, i.e. mass(0, h) = M x Bg / (Bg +
     * Bc) with M the total activation mass. Found by bisection on the closed-form mass.
     */
    static double balancedHotFraction(Workload w, Calibration c) {
        var gpu = w.platform().gpu();
        double bg = gpu.bandwidthBytesPerSecond() * c.gpu(gpu).memory();
        double bc = w.platform().hostBandwidthBytesPerSecond() * c.cpu().memory();
        var act = w.activation();
        double target = act.mass(0, 1) * bg / (bg + bc);
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 40; i++) {
            double mid = 0.5 * (lo + hi);
            if (act.mass(0, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
