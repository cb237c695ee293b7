package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;

/**
 * PowerInfer (arXiv 2312.12456): hot neurons and dense blocks on the GPU, cold neurons computed by the CPU where
 * their weights live, concurrently, merged per layer. Placement by {@link PowerInferPlanner}, time by
 * {@link SparseExecution}. The host keeps every weight the GPU does not hold (PowerInfer mmaps the model) and the KV
 * cache when the GPU could not take it. At sparsity 0 (a non-ReLU model) it behaves like PowerInfer's dense mode: a
 * neuron-wise GPU-CPU split without skipping.
 */
public final class PowerInfer implements InferenceSystem {
    public static final String NAME = "powerinfer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        RequestShape r = RequestShape.of(w);
        Result.Builder out = new Result.Builder(NAME, r);
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, w.effectiveSparsity() > 0);
        double act = r.activationBytes(c);
        double reserved = c.runtime().gpuReservedBytes();
        double vision = r.visionWeightBytes();
        double kv = layers * r.kvBytesPerLayer();
        double budget = gpu.memoryBytes() - reserved - vision - act;
        NeuronPlacement pl = PowerInferPlanner.place(f, layers, budget, kv);
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
        if (!out.feasible()) {
            return out.build();
        }
        return SparseExecution.run(w, c, r, f, pl, out);
    }
}
