package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * Time of a neuron-sparse forward pass under a {@link NeuronPlacement} (PowerInfer, arXiv 2312.12456, Sec. 4-6; its
 * llama.cpp fork, docs/powerinfer-facts.md Sec. 1.3-1.8). Per layer: attention (dense, where its weights are;
 * attention over the KV cache where the cache is), the predictor, then the FFN split in two running concurrently
 * ({@link SparseFfn}), then the merge; the host link carries the synchronisations ({@link LinkSyncs}).
 *
 * <p>Built once per workload and sparsity: everything a placement does not change (the {@link PassTimes}, the FFN's
 * union tables, the link time of each kind of synchronisation) is computed here. A placement's
 * {@link SparseLayout} adds what its dense layers, head and KV cache fix, so that a search prices a hot set by the
 * FFN alone. {@link #run} turns the chosen placement into a {@link Result}.
 */
final class SparseExecution {
    final PassTimes passes;
    final FfnLayers ffn;
    final ExecutionUnit gpu;
    final ExecutionUnit cpu;
    final int layers;
    final int steps;
    /** One layer's dense block with its predictor, in a decode step (at the first step's context) and the prefill. */
    final double stepDenseGpuSeconds;
    final double stepDenseCpuSeconds;
    final double prefillDenseGpuSeconds;
    final double prefillDenseCpuSeconds;
    /** One layer's predictor alone, on either side, in a decode step and the prefill (part of the above). */
    final double stepPredictorGpuSeconds;
    final double stepPredictorCpuSeconds;
    final double prefillPredictorGpuSeconds;
    final double prefillPredictorCpuSeconds;
    final LinkSyncs stepSyncs;
    final LinkSyncs prefillSyncs;

    SparseExecution(Workload w, Calibration c, RequestShape r, SparseFootprint f, SparseKernels kernels) {
        this(w, c, r, f, PassTimes.of(w, c, r), kernels);
    }

    /** With the pass times of the workload at any sparsity (they do not depend on it). */
    SparseExecution(Workload w, Calibration c, RequestShape r, SparseFootprint f, PassTimes p, SparseKernels kernels) {
        this.passes = p;
        this.gpu = p.gpu();
        this.cpu = p.cpu();
        this.ffn = new FfnLayers(w, c, r, f, gpu, cpu, kernels);
        this.layers = w.model().numLayers();
        this.steps = r.decodeSteps();
        double batch = w.batch();
        // a layer's prefill tokens: the mean over the layers before and after any visual-token pruning
        double tokens = r.meanPrefillTokensPerLayer();
        double predFlops = batch * f.predictorFlopsPerToken();
        this.stepPredictorGpuSeconds = gpu.seconds(predFlops, f.predictorLayerBytes());
        this.stepPredictorCpuSeconds = cpu.seconds(predFlops, f.predictorLayerBytes());
        this.stepDenseGpuSeconds = p.stepDenseGpuSeconds() + stepPredictorGpuSeconds;
        this.stepDenseCpuSeconds = p.stepDenseCpuSeconds() + stepPredictorCpuSeconds;
        double prePred = tokens * f.predictorFlopsPerToken();
        this.prefillPredictorGpuSeconds = gpu.seconds(prePred, f.predictorLayerBytes());
        this.prefillPredictorCpuSeconds = cpu.seconds(prePred, f.predictorLayerBytes());
        this.prefillDenseGpuSeconds = p.prefillDenseGpuSeconds() + prefillPredictorGpuSeconds;
        this.prefillDenseCpuSeconds = p.prefillDenseCpuSeconds() + prefillPredictorCpuSeconds;
        this.stepSyncs = LinkSyncs.of(w, c, batch, kernels);
        this.prefillSyncs = LinkSyncs.of(w, c, tokens, kernels);
    }

    /** The FFN with a hot fraction of {@code h}. Only h changes it, not the layout: searches on several share it. */
    SparseFfn.HotSet hotSet(double h) {
        return ffn.hotSet(h);
    }

    /** A placement's dense layers, head and KV cache, priced for any hot set: what a hot-set search needs. */
    SparseLayout layout(NeuronPlacement pl) {
        return new SparseLayout(this, pl.denseLayersOnGpu(), pl.predictorLayersOnGpu(), pl.headOnGpu(), pl.kvOnGpu());
    }

    Result run(NeuronPlacement pl, Result.Builder out) {
        SparseLayout.Timing t = layout(pl).timing(hotSet(pl.hotFraction()));
        out.times(passes.visionSeconds(), t.prefillSeconds(), t.decodeSeconds(), t.firstStepSeconds())
                .busy(t.gpuBusySeconds(), t.cpuBusySeconds(), t.linkSeconds())
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), t.gpuShare())
                .sparsity(ffn.stepSkippedFraction(), ffn.prefillSkippedFraction());
        if (t.bytes() > 0) {
            out.bound(gpu.memoryBound(t.flops(), t.bytes()), t.flops() / t.bytes());
        }
        return out.build();
    }
}
