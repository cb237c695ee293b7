package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.NeuronActivation;
import org.roofsweep.core.model.UnionTable;
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
 *
 * <p>Built once per workload (operator graphs, units and placement-free times), then {@link #run} prices each
 * candidate placement.
 */
final class SparseExecution {
    /** Activations and partial sums cross the link as FP32. */
    private static final double LINK_BYTES_PER_VALUE = 4;
    /** Synchronisations of a hybrid layer: FFN input and predictor out, up partials in, down partials in, merge. */
    private static final int HYBRID_SYNCS = 4;
    private static final OpKind[] DENSE_KINDS = {OpKind.PROJECTION, OpKind.ELEMENTWISE, OpKind.ROUTER};

    private final Workload w;
    private final Calibration c;
    private final RequestShape r;
    private final SparseFootprint f;
    private final ModelSpec m;
    private final NeuronActivation act;
    private final ExecutionUnit g;
    private final ExecutionUnit cpu;
    private final ExecutionUnit gs;
    private final ExecutionUnit cs;
    private final int layers;
    private final int steps;
    private final double batch;
    private final double tokens;
    private final double routed;
    private final double perLayer;
    private final double neuronFlops;
    // placement-free times (per layer unless said otherwise)
    private final double denseGpu;
    private final double denseCpu;
    private final double attnStepGpu;
    private final double attnStepCpu;
    private final double attnDecodeGpu;
    private final double attnDecodeCpu;
    private final double headGpu;
    private final double headCpu;
    private final double preDenseGpu;
    private final double preDenseCpu;
    private final double preAttnGpu;
    private final double preAttnCpu;
    private final double preHeadGpu;
    private final double preHeadCpu;
    private final double vision;
    private final double denseFlops;
    private final double denseBytes;
    private final double prefillSkipped;
    /** Mean fraction of neurons one token activates (1 - sparsity). */
    private final double meanActive;
    /** Unions of active neurons for a decode step, the whole prompt and one CPU block, tabulated over h. */
    private final UnionTable decodeUnion;
    private final UnionTable promptUnion;
    private final UnionTable blockUnion;

    SparseExecution(Workload w, Calibration c, RequestShape r, SparseFootprint f) {
        this.w = w;
        this.c = c;
        this.r = r;
        this.f = f;
        this.m = w.model();
        this.act = w.activation();
        var gpu = w.platform().gpu();
        this.g = ExecutionUnit.gpu(gpu, c.gpu(gpu), w.precision());
        this.cpu = ExecutionUnit.cpu(w.platform().cpu(), w.platform().hostBandwidthBytesPerSecond(), c.cpu(),
                w.precision());
        // dense mode (sparsity 0) runs ordinary dense kernels
        double sparseEff = w.effectiveSparsity() > 0 ? c.runtime().sparseKernelEfficiency() : 1;
        this.gs = g.withMemoryFactor(sparseEff);
        this.cs = cpu.withMemoryFactor(sparseEff);
        this.layers = m.numLayers();
        this.steps = r.decodeSteps();
        this.batch = w.batch();
        this.tokens = batch * r.promptTokens();
        this.routed = m.moe().routedFraction();
        this.perLayer = (double) m.moe().numExperts() * m.intermediateSize();
        this.neuronFlops = 2.0 * m.matricesPerNeuron() * m.hiddenSize();

        Op[] step0 = r.decodeLayer(0);
        Op[] denseOps = Op.ofKinds(step0, DENSE_KINDS);
        double predFlops = batch * f.predictorFlopsPerToken();
        this.denseGpu = Roofline.seconds(denseOps, g) + g.seconds(predFlops, f.predictorLayerBytes());
        this.denseCpu = Roofline.seconds(denseOps, cpu) + cpu.seconds(predFlops, f.predictorLayerBytes());
        this.denseFlops = Roofline.flops(denseOps);
        this.denseBytes = Roofline.bytes(denseOps);
        Op[] attn0 = Op.ofKinds(step0, OpKind.ATTENTION);
        Op[] attn1 = Op.ofKinds(r.decodeLayer(1), OpKind.ATTENTION);
        this.attnStepGpu = Roofline.seconds(attn0, g);
        this.attnStepCpu = Roofline.seconds(attn0, cpu);
        this.attnDecodeGpu = Roofline.decodeSeconds(attn0, attn1, g, steps);
        this.attnDecodeCpu = Roofline.decodeSeconds(attn0, attn1, cpu, steps);
        Op[] head = r.decodeHead();
        this.headGpu = Roofline.seconds(head, g);
        this.headCpu = Roofline.seconds(head, cpu);

        Op[] pre = r.prefillLayer();
        Op[] preDense = Op.ofKinds(pre, DENSE_KINDS);
        Op[] preAttn = Op.ofKinds(pre, OpKind.ATTENTION);
        double prePred = tokens * f.predictorFlopsPerToken();
        this.preDenseGpu = Roofline.seconds(preDense, g) + g.seconds(prePred, f.predictorLayerBytes());
        this.preDenseCpu = Roofline.seconds(preDense, cpu) + cpu.seconds(prePred, f.predictorLayerBytes());
        this.preAttnGpu = Roofline.seconds(preAttn, g);
        this.preAttnCpu = Roofline.seconds(preAttn, cpu);
        Op[] preHead = r.prefillHead();
        this.preHeadGpu = Roofline.seconds(preHead, g);
        this.preHeadCpu = Roofline.seconds(preHead, cpu);
        this.vision = r.visionSeconds(g);
        this.prefillSkipped = skipped(act.union(0, 1, tokens, routed), tokens);
        this.meanActive = act.mass(0, 1);
        this.decodeUnion = new UnionTable(act, batch, routed);
        this.promptUnion = tokens > c.runtime().sparseDenseThresholdTokens() ? null
                : new UnionTable(act, tokens, routed);
        this.blockUnion = new UnionTable(act, Math.min(tokens, c.runtime().cpuSparseBlockTokens()), routed);
    }

    /** The times of one placement, before they become a {@link Result}. */
    record Timing(double prefill, double decode, double firstStep, double gpuBusy, double cpuBusy, double link,
            double gpuShare, double flops, double bytes) {
        double e2e(double vision) {
            return vision + prefill + decode;
        }
    }

    double e2eSeconds(NeuronPlacement pl) {
        return time(pl).e2e(vision);
    }

    Result run(NeuronPlacement pl, Result.Builder out) {
        Timing t = time(pl);
        out.times(vision, t.prefill(), t.decode(), t.firstStep())
                .busy(t.gpuBusy(), t.cpuBusy(), t.link())
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), t.gpuShare())
                .sparsity(skipped(decodeUnion.upTo(1), batch), prefillSkipped);
        if (t.bytes() > 0) {
            out.bound(g.memoryBound(t.flops(), t.bytes()), t.flops() / t.bytes());
        }
        return out.build();
    }

    private Timing time(NeuronPlacement pl) {
        int nd = pl.denseLayersOnGpu();
        int nc = layers - nd;
        double h = pl.hotFraction();
        boolean kvOnGpu = pl.kvOnGpu();
        boolean headOnGpu = pl.headOnGpu();

        // ---- decode: B tokens per step ----
        double hotMass = routed * act.mass(0, h);
        double coldMass = Math.max(0, routed * meanActive - hotMass);
        double hotUnion = decodeUnion.upTo(h);
        double coldUnion = decodeUnion.from(h);
        double gpuFfnFlops = batch * perLayer * hotMass * neuronFlops;
        double gpuFfnBytes = perLayer * hotUnion * f.neuronBytes();
        double gpuFfn = h > 0 ? gs.seconds(gpuFfnFlops, gpuFfnBytes) : 0;
        double cpuFfn = h < 1
                ? cs.seconds(batch * perLayer * coldMass * neuronFlops, perLayer * coldUnion * f.neuronBytes()) : 0;
        double headSeconds = headOnGpu ? headGpu : headCpu;
        double attnGpuLayers = nd * (kvOnGpu ? attnDecodeGpu : attnDecodeCpu);
        double attnCpuLayers = nc * attnDecodeCpu;
        double syncStep = nd * syncSeconds(batch, h, true, kvOnGpu) + nc * syncSeconds(batch, h, false, false);
        // kernel launches: every layer whose attention or hot neurons run on the GPU
        double gpuLayers = h > 0 ? layers : nd;
        double overheadStep = g.overhead(gpuLayers, 1) + cpu.overhead(layers - gpuLayers, 1);
        double constStep = nd * denseGpu + nc * denseCpu + layers * Math.max(gpuFfn, cpuFfn) + syncStep + headSeconds
                + overheadStep;
        double decode = steps * constStep + attnGpuLayers + attnCpuLayers;
        double firstStep = constStep + nd * (kvOnGpu ? attnStepGpu : attnStepCpu) + nc * attnStepCpu;
        double gpuDecodeBusy = steps * (nd * denseGpu + layers * gpuFfn + (headOnGpu ? headSeconds : 0)
                + g.overhead(gpuLayers, 1)) + (kvOnGpu ? attnGpuLayers : 0);
        double cpuDecodeBusy = steps * (nc * denseCpu + layers * cpuFfn + (headOnGpu ? 0 : headSeconds))
                + attnCpuLayers + (kvOnGpu ? 0 : attnGpuLayers);

        // ---- prefill: T tokens in one pass ----
        double preGpuDense = preDenseGpu + (kvOnGpu ? preAttnGpu : preAttnCpu);
        double preCpuDense = preDenseCpu + preAttnCpu;
        double preGpuFfn = 0;
        if (h > 0) {
            if (tokens > c.runtime().sparseDenseThresholdTokens()) {
                double touched = m.moe().expertsTouched(tokens) / m.moe().numExperts();
                preGpuFfn = g.seconds(tokens * routed * perLayer * h * neuronFlops,
                        perLayer * h * touched * f.neuronBytes());
            } else {
                preGpuFfn = gs.seconds(tokens * perLayer * hotMass * neuronFlops,
                        perLayer * promptUnion.upTo(h) * f.neuronBytes());
            }
        }
        double block = c.runtime().cpuSparseBlockTokens();
        double blocks = Math.ceil(tokens / block);
        double blockCold = blockUnion.from(h);
        double preCpuFfn = h < 1 ? cs.seconds(tokens * perLayer * coldMass * neuronFlops,
                blocks * perLayer * blockCold * f.neuronBytes()) : 0;
        double preSync = nd * syncSeconds(tokens, h, true, kvOnGpu) + nc * syncSeconds(tokens, h, false, false);
        double preHeadSeconds = headOnGpu ? preHeadGpu : preHeadCpu;
        double prefill = nd * preGpuDense + nc * preCpuDense + layers * Math.max(preGpuFfn, preCpuFfn) + preSync
                + preHeadSeconds + overheadStep;

        double gpuBusy = vision + nd * preGpuDense + layers * preGpuFfn + (headOnGpu ? preHeadSeconds : 0)
                + gpuDecodeBusy;
        double cpuBusy = nc * preCpuDense + layers * preCpuFfn + (headOnGpu ? 0 : preHeadSeconds) + cpuDecodeBusy;
        return new Timing(prefill, decode, firstStep, gpuBusy, cpuBusy, preSync + steps * syncStep,
                hotMass + coldMass > 0 ? hotMass / (hotMass + coldMass) : 0,
                nd * denseFlops + layers * gpuFfnFlops, nd * denseBytes + layers * gpuFfnBytes);
    }

    /**
     * Fraction of the FFN weights of the experts in use that a pass of {@code n} tokens does not read, given the
     * union of their active neurons.
     */
    private double skipped(double union, double n) {
        double used = -Math.expm1(n * Math.log1p(-Math.min(routed, 1 - 1e-15)));
        return Math.max(0, 1 - union / used);
    }

    /**
     * Link traffic of one layer for {@code n} tokens. A hybrid FFN (0 < hot < 1) ships the FFN input and the
     * predictor's n_ff scores to the CPU and the CPU's up (n_ff) and down (d) partial sums back for the merge on the
     * GPU (powerinfer-facts.md Sec. 1.5). An FFN wholly on the other side of its attention ships the hidden state
     * there and back. Attention on the GPU over a KV cache in host memory ships Q, K, V over and the output back.
     */
    private double syncSeconds(double n, double hot, boolean denseOnGpu, boolean kvOnGpu) {
        double d = m.hiddenSize();
        double s = 0;
        if (hot > 0 && hot < 1) {
            double ffnOut = m.intermediateSize() * m.moe().expertsTouched(n);
            s += RequestShape.linkSeconds(w, c, n * (2 * ffnOut + 2 * d) * LINK_BYTES_PER_VALUE, HYBRID_SYNCS);
        } else if (denseOnGpu != (hot >= 1)) {
            s += RequestShape.linkSeconds(w, c, n * 2 * d * LINK_BYTES_PER_VALUE, 2);
        }
        if (denseOnGpu && !kvOnGpu) {
            double qkvo = 2 * m.qDim() + 2 * m.kvDim();
            s += RequestShape.linkSeconds(w, c, n * qkvo * w.precision().activationBytes(), 2);
        }
        return s;
    }
}
