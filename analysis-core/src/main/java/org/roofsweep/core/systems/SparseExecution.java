package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.NeuronActivation;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * Time of a neuron-sparse forward pass under a {@link NeuronPlacement} (PowerInfer, arXiv 2312.12456, Sec. 4-6; its
 * llama.cpp fork, powerinfer-facts.md Sec. 1.3-1.8). Per layer: attention (dense, where its weights are; attention
 * over the KV cache where the cache is), the predictor, then the FFN split in two running concurrently: the GPU
 * computes the active hot neurons, the CPU the active cold ones from host DRAM; then the merge. A pass of n tokens
 * reads the rows of the union of their active neurons. Above PowerInfer's threshold (100 tokens) the GPU computes all
 * its hot neurons densely; the CPU kernel skips per token but streams the union of each 16-token block.
 */
final class SparseExecution {
    /** Activations and partial sums cross the link as FP32. */
    private static final double LINK_BYTES_PER_VALUE = 4;
    /** Synchronisations of a hybrid layer: FFN input and predictor out, up partials in, down partials in, merge. */
    private static final int HYBRID_SYNCS = 4;
    private static final OpKind[] DENSE_KINDS = {OpKind.PROJECTION, OpKind.ELEMENTWISE, OpKind.ROUTER};

    private SparseExecution() {
    }

    static Result run(Workload w, Calibration c, RequestShape r, SparseFootprint f, NeuronPlacement pl,
            Result.Builder out) {
        ModelSpec m = w.model();
        int layers = m.numLayers();
        int nd = pl.denseLayersOnGpu();
        int nc = layers - nd;
        double h = pl.hotFraction();
        double routed = m.moe().routedFraction();
        double perLayer = (double) m.moe().numExperts() * m.intermediateSize();
        double neuronFlops = 2.0 * m.matricesPerNeuron() * m.hiddenSize();
        NeuronActivation act = w.activation();
        var gpu = w.platform().gpu();
        ExecutionUnit g = ExecutionUnit.gpu(gpu, c.gpu(gpu), w.precision());
        ExecutionUnit cpu = ExecutionUnit.cpu(w.platform().cpu(), w.platform().hostBandwidthBytesPerSecond(), c.cpu(),
                w.precision());
        // dense mode (sparsity 0) runs ordinary dense kernels
        double sparseEff = w.effectiveSparsity() > 0 ? c.runtime().sparseKernelEfficiency() : 1;
        ExecutionUnit gs = g.withMemoryFactor(sparseEff);
        ExecutionUnit cs = cpu.withMemoryFactor(sparseEff);
        ExecutionUnit attnUnit = pl.kvOnGpu() ? g : cpu;
        double b = w.batch();

        // ---- decode: B tokens per step ----
        double hotMass = routed * act.mass(0, h);
        double coldMass = routed * act.mass(h, 1);
        double hotUnion = act.union(0, h, b, routed);
        double coldUnion = act.union(h, 1, b, routed);
        double gpuFfnFlops = b * perLayer * hotMass * neuronFlops;
        double gpuFfnBytes = perLayer * hotUnion * f.neuronBytes();
        double gpuFfn = h > 0 ? gs.seconds(gpuFfnFlops, gpuFfnBytes) : 0;
        double cpuFfn = h < 1 ? cs.seconds(b * perLayer * coldMass * neuronFlops, perLayer * coldUnion * f.neuronBytes())
                : 0;
        Op[] step0 = r.decodeLayer(0);
        Op[] denseOps = Op.ofKinds(step0, DENSE_KINDS);
        double predFlops = b * f.predictorFlopsPerToken();
        double denseGpu = Roofline.seconds(denseOps, g) + g.seconds(predFlops, f.predictorLayerBytes());
        double denseCpu = Roofline.seconds(denseOps, cpu) + cpu.seconds(predFlops, f.predictorLayerBytes());
        double syncGpuLayer = syncSeconds(w, c, m, b, h, true, pl.kvOnGpu());
        double syncCpuLayer = syncSeconds(w, c, m, b, h, false, false);
        Op[] head = r.decodeHead();
        double headSeconds = Roofline.seconds(head, pl.headOnGpu() ? g : cpu);
        int steps = r.decodeSteps();
        Op[] attn0 = Op.ofKinds(step0, OpKind.ATTENTION);
        Op[] attn1 = Op.ofKinds(r.decodeLayer(1), OpKind.ATTENTION);
        double attnDecodeGpuLayers = nd * Roofline.decodeSeconds(attn0, attn1, attnUnit, steps);
        double attnDecodeCpuLayers = nc * Roofline.decodeSeconds(attn0, attn1, cpu, steps);
        double ffnStep = layers * Math.max(gpuFfn, cpuFfn);
        double syncStep = nd * syncGpuLayer + nc * syncCpuLayer;
        // kernel launches: every layer whose attention or hot neurons run on the GPU
        double gpuLayers = h > 0 ? layers : nd;
        double overheadStep = g.overhead(gpuLayers, 1) + cpu.overhead(layers - gpuLayers, 1);
        double constStep = nd * denseGpu + nc * denseCpu + ffnStep + syncStep + headSeconds + overheadStep;
        double decode = steps * constStep + attnDecodeGpuLayers + attnDecodeCpuLayers;
        double firstStep = constStep + nd * Roofline.seconds(attn0, attnUnit) + nc * Roofline.seconds(attn0, cpu);
        double gpuDecodeBusy = steps * (nd * denseGpu + layers * gpuFfn + (pl.headOnGpu() ? headSeconds : 0)
                + g.overhead(gpuLayers, 1))
                + (pl.kvOnGpu() ? attnDecodeGpuLayers : 0);
        double cpuDecodeBusy = steps * (nc * denseCpu + layers * cpuFfn + (pl.headOnGpu() ? 0 : headSeconds))
                + attnDecodeCpuLayers + (pl.kvOnGpu() ? 0 : attnDecodeGpuLayers);

        // ---- prefill: T tokens in one pass ----
        double t = b * r.promptTokens();
        Op[] pre = r.prefillLayer();
        Op[] preDense = Op.ofKinds(pre, DENSE_KINDS);
        Op[] preAttn = Op.ofKinds(pre, OpKind.ATTENTION);
        double prePred = t * f.predictorFlopsPerToken();
        double preDenseGpu = Roofline.seconds(preDense, g) + g.seconds(prePred, f.predictorLayerBytes())
                + Roofline.seconds(preAttn, attnUnit);
        double preDenseCpu = Roofline.seconds(preDense, cpu) + cpu.seconds(prePred, f.predictorLayerBytes())
                + Roofline.seconds(preAttn, cpu);
        double preGpuFfn = 0;
        if (h > 0) {
            if (t > c.runtime().sparseDenseThresholdTokens()) {
                double touched = m.moe().expertsTouched(t) / m.moe().numExperts();
                preGpuFfn = g.seconds(t * routed * perLayer * h * neuronFlops, perLayer * h * touched * f.neuronBytes());
            } else {
                preGpuFfn = gs.seconds(t * perLayer * hotMass * neuronFlops,
                        perLayer * act.union(0, h, t, routed) * f.neuronBytes());
            }
        }
        double block = c.runtime().cpuSparseBlockTokens();
        double blocks = Math.ceil(t / block);
        double preCpuFfn = h < 1 ? cs.seconds(t * perLayer * coldMass * neuronFlops,
                blocks * perLayer * act.union(h, 1, Math.min(t, block), routed) * f.neuronBytes()) : 0;
        double preSync = nd * syncSeconds(w, c, m, t, h, true, pl.kvOnGpu())
                + nc * syncSeconds(w, c, m, t, h, false, false);
        Op[] preHead = r.prefillHead();
        double preHeadSeconds = Roofline.seconds(preHead, pl.headOnGpu() ? g : cpu);
        double prefill = nd * preDenseGpu + nc * preDenseCpu + layers * Math.max(preGpuFfn, preCpuFfn) + preSync
                + preHeadSeconds + overheadStep;
        double vision = r.visionSeconds(g);

        double gpuBusy = vision + nd * preDenseGpu + layers * preGpuFfn + (pl.headOnGpu() ? preHeadSeconds : 0)
                + gpuDecodeBusy;
        double cpuBusy = nc * preDenseCpu + layers * preCpuFfn + (pl.headOnGpu() ? 0 : preHeadSeconds) + cpuDecodeBusy;
        out.times(vision, prefill, decode, firstStep)
                .busy(gpuBusy, cpuBusy, preSync + steps * syncStep)
                .placement(nd, h, hotMass + coldMass > 0 ? hotMass / (hotMass + coldMass) : 0)
                .sparsity(skipped(act, b, routed), skipped(act, t, routed));
        double flops = nd * Roofline.flops(denseOps) + layers * gpuFfnFlops;
        double bytes = nd * Roofline.bytes(denseOps) + layers * gpuFfnBytes;
        if (bytes > 0) {
            out.bound(g.memoryBound(flops, bytes), flops / bytes);
        }
        return out.build();
    }

    /** Fraction of the FFN weights of the experts in use that a pass of {@code tokens} tokens does not read. */
    private static double skipped(NeuronActivation act, double tokens, double routed) {
        double used = -Math.expm1(tokens * Math.log1p(-Math.min(routed, 1 - 1e-15)));
        return Math.max(0, 1 - act.union(0, 1, tokens, routed) / used);
    }

    /**
     * Link traffic of one layer for {@code tokens} tokens. A hybrid FFN (0 < hot < 1) ships the FFN input and the
     * predictor's n_ff scores to the CPU and the CPU's up (n_ff) and down (d) partial sums back for the merge on the
     * GPU (powerinfer-facts.md Sec. 1.5). An FFN wholly on the other side of its attention ships the hidden state
     * there and back. Attention on the GPU over a KV cache in host memory ships Q, K, V over and the output back.
     */
    private static double syncSeconds(Workload w, Calibration c, ModelSpec m, double tokens, double hot,
            boolean denseOnGpu, boolean kvOnGpu) {
        double d = m.hiddenSize();
        double s = 0;
        if (hot > 0 && hot < 1) {
            double ffnOut = m.intermediateSize() * m.moe().expertsTouched(tokens);
            s += RequestShape.linkSeconds(w, c, tokens * (2 * ffnOut + 2 * d) * LINK_BYTES_PER_VALUE, HYBRID_SYNCS);
        } else if (denseOnGpu != (hot >= 1)) {
            s += RequestShape.linkSeconds(w, c, tokens * 2 * d * LINK_BYTES_PER_VALUE, 2);
        }
        if (denseOnGpu && !kvOnGpu) {
            double qkvo = 2 * m.qDim() + 2 * m.kvDim();
            s += RequestShape.linkSeconds(w, c, tokens * qkvo * w.precision().activationBytes(), 2);
        }
        return s;
    }
}
