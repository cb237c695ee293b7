package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * Deja Vu-style contextual sparsity (arXiv 2310.17157) with everything on the GPU: a predictor per layer and sparse
 * FFN kernels of today ({@link SparseKernels#TODAY}) that read only the active neurons' rows. Only FFN sparsity is modelled (as PowerInfer exploits), not
 * Deja Vu's attention-head sparsity. Does not fit when the model, predictors, KV cache and activations exceed GPU
 * memory.
 */
public final class SparseGpu implements InferenceSystem {
    public static final String NAME = "sparse-gpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        Evaluating e = Evaluating.start(NAME, ExecutionMode.SPARSE, w, c);
        RequestShape r = e.r();
        Result.Builder out = e.out();
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, w.effectiveSparsity() > 0);
        NeuronPlacement pl = NeuronPlacer.allOnGpu(f, layers);
        double vision = r.visionWeightBytes();
        double kv = layers * r.kvBytesPerLayer();
        out.gpuMemory(pl.gpuWeightBytes() + vision, kv, r.activationBytes(c), c.runtime().gpuReservedBytes())
                .memory(r.languageModelWeightBytes() + vision + layers * f.predictorLayerBytes(), vision, 0, kv)
                .placement(layers, 1, 1);
        if (e.rejected(o -> o.requireGpuMemory(gpu, LayerSetting.NONE, 0))) {
            return out.build();
        }
        return new SparseExecution(w, c, r, f, SparseKernels.TODAY).run(pl, out);
    }
}
