package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.HotMass;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.NeuronActivation;
import org.roofsweep.core.model.UnionTable;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * Time of a neuron-sparse forward pass under a {@link NeuronPlacement} (PowerInfer, arXiv 2312.12456, Sec. 4-6; its
 * llama.cpp fork, docs/powerinfer-facts.md Sec. 1.3-1.8). Per layer: attention (dense, where its weights are; attention
 * over the KV cache where the cache is), the predictor, then the FFN split in two running concurrently: the GPU
 * computes the active hot neurons, the CPU the active cold ones from host DRAM; then the merge. A pass of n tokens
 * reads the rows of the union of their active neurons. Above PowerInfer's threshold (100 tokens) the GPU computes all
 * its hot neurons densely; the CPU kernel skips per token but streams the union of each 16-token block.
 *
 * <p>Built once per workload and sparsity: everything a placement does not change (the {@link PassTimes}, the union
 * tables, the link time of each kind of synchronisation) is computed here. A placement's {@link Layout} adds what its
 * dense layers, head and KV cache fix, so that pricing a hot-set size, which a planner's search does many times, costs
 * a logarithm, an exponential and some arithmetic ({@link #hotSet}). {@link #run} turns the chosen placement into a
 * {@link Result}.
 */
final class SparseExecution {
    /** Activations and partial sums cross the link as FP32. */
    private static final double LINK_BYTES_PER_VALUE = 4;
    /** Synchronisations of a hybrid layer: FFN input and predictor out, up partials in, down partials in, merge. */
    private static final int HYBRID_SYNCS = 4;
    /** The {@link #split}s of an FFN between GPU and CPU. */
    private static final int CPU_ONLY = 0;
    private static final int HYBRID = 1;
    private static final int GPU_ONLY = 2;

    private final PassTimes p;
    private final ExecutionUnit g;
    private final ExecutionUnit cpu;
    /** The FFN's rooflines: the GPU's with dense kernels, and the GPU's and the CPU's with sparse ones. */
    private final Roof gpuDense;
    private final Roof gpuSparse;
    private final Roof cpuSparse;
    private final int layers;
    private final int steps;
    private final double batch;
    private final double tokens;
    private final double routed;
    private final double perLayer;
    private final double neuronFlops;
    private final double neuronBytes;
    // per-layer dense block with its predictor, per decode step and in the prefill
    private final double denseGpu;
    private final double denseCpu;
    private final double preDenseGpu;
    private final double preDenseCpu;
    /** The activation law: the result's prefill sparsity takes its union over the whole prompt. */
    private final NeuronActivation act;
    /** Mean fraction of neurons one token activates (1 - sparsity). */
    private final double meanActive;
    /** Rank fraction up to which every neuron fires: the union tables interpolate in ln h above it. */
    private final double x0;
    /** Activation mass of the hottest h of the neurons. */
    private final HotMass mass;
    /** Unions of active neurons for a decode step, the whole prompt and one CPU block, tabulated over h. */
    private final UnionTable decodeUnion;
    /** Null above PowerInfer's threshold, where the GPU runs its hot neurons densely. */
    private final UnionTable promptUnion;
    private final UnionTable blockUnion;
    /** Share of the experts the prompt touches: what the dense GPU FFN reads above the threshold. */
    private final double promptExpertShare;
    /** CPU blocks of the prompt. */
    private final double blocks;
    private final Sync stepSync;
    private final Sync prefillSync;

    SparseExecution(Workload w, Calibration c, RequestShape r, SparseFootprint f) {
        this(w, c, r, f, PassTimes.of(w, c, r));
    }

    /** With the pass times of the workload at any sparsity (they do not depend on it). */
    SparseExecution(Workload w, Calibration c, RequestShape r, SparseFootprint f, PassTimes p) {
        ModelSpec m = w.model();
        NeuronActivation act = w.activation();
        this.p = p;
        this.g = p.gpu();
        this.cpu = p.cpu();
        // a model without sparsity (sparse-gpu at sparsity 0) runs ordinary dense kernels
        double sparseEff = w.effectiveSparsity() > 0 ? c.runtime().sparseKernelEfficiency() : 1;
        this.gpuDense = new Roof(g);
        this.gpuSparse = new Roof(g.withMemoryFactor(sparseEff));
        this.cpuSparse = new Roof(cpu.withMemoryFactor(sparseEff));
        this.layers = m.numLayers();
        this.steps = r.decodeSteps();
        this.batch = w.batch();
        this.tokens = batch * r.promptTokens();
        this.routed = m.moe().routedFraction();
        this.perLayer = (double) m.moe().numExperts() * m.intermediateSize();
        this.neuronFlops = 2.0 * m.matricesPerNeuron() * m.hiddenSize();
        this.neuronBytes = f.neuronBytes();

        double predFlops = batch * f.predictorFlopsPerToken();
        this.denseGpu = p.denseGpu() + g.seconds(predFlops, f.predictorLayerBytes());
        this.denseCpu = p.denseCpu() + cpu.seconds(predFlops, f.predictorLayerBytes());
        double prePred = tokens * f.predictorFlopsPerToken();
        this.preDenseGpu = p.preDenseGpu() + g.seconds(prePred, f.predictorLayerBytes());
        this.preDenseCpu = p.preDenseCpu() + cpu.seconds(prePred, f.predictorLayerBytes());

        this.act = act;
        this.x0 = act.x0();
        this.mass = new HotMass(act);
        this.meanActive = mass.upTo(1);
        this.decodeUnion = new UnionTable(act, batch, routed);
        boolean promptDense = tokens > c.runtime().sparseDenseThresholdTokens();
        this.promptUnion = promptDense ? null : new UnionTable(act, tokens, routed);
        this.blockUnion = new UnionTable(act, Math.min(tokens, c.runtime().cpuSparseBlockTokens()), routed);
        this.promptExpertShare = promptDense ? m.moe().expertsTouched(tokens) / m.moe().numExperts() : 0;
        double block = c.runtime().cpuSparseBlockTokens();
        this.blocks = Math.ceil(tokens / block);
        this.stepSync = Sync.of(w, c, batch);
        this.prefillSync = Sync.of(w, c, tokens);
    }

    /** The times of one placement, before they become a {@link Result}. */
    record Timing(double prefill, double decode, double firstStep, double gpuBusy, double cpuBusy, double link,
            double gpuShare, double flops, double bytes) {
        double e2e(double vision) {
            return vision + prefill + decode;
        }
    }

    /**
     * The FFN with a hot fraction of {@code h}, per layer: the slower of its GPU and CPU halves in a decode step and in
     * the prefill. Only h changes it, not the layout, so searches on several layouts can price it once.
     */
    record HotSet(double h, double stepFfn, double prefillFfn) {
    }

    /** The FFN with a hot fraction of {@code h}. */
    HotSet hotSet(double h) {
        double logH = logOf(h);
        double hotMass = hotMass(h, logH);
        double coldMass = coldMass(hotMass);
        double hotUnion = stepHotUnion(h, hotMass, logH);
        return new HotSet(h,
                Math.max(stepGpuFfn(h, hotMass, hotUnion), stepCpuFfn(h, coldMass, stepColdUnion(hotUnion))),
                Math.max(prefillGpuFfn(h, hotMass, logH), prefillCpuFfn(h, coldMass, blockUnion.from(h, logH))));
    }

    /** A placement's dense layers, head and KV cache, priced for any hot set: what a hot-set search needs. */
    Layout layout(NeuronPlacement pl) {
        return new Layout(pl.denseLayersOnGpu(), pl.headOnGpu(), pl.kvOnGpu());
    }

    Result run(NeuronPlacement pl, Result.Builder out) {
        Timing t = layout(pl).timing(pl.hotFraction());
        // ln of the share of a layer's experts a token does not use (ln 1e-15 for a dense FFN's one expert)
        double logUnused = Math.log1p(-Math.min(routed, 1 - 1e-15));
        out.times(p.vision(), t.prefill(), t.decode(), t.firstStep())
                .busy(t.gpuBusy(), t.cpuBusy(), t.link())
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), t.gpuShare())
                .sparsity(skipped(decodeUnion.total(), batch, logUnused),
                        skipped(act.union(0, 1, tokens, routed), tokens, logUnused));
        if (t.bytes() > 0) {
            out.bound(g.memoryBound(t.flops(), t.bytes()), t.flops() / t.bytes());
        }
        return out.build();
    }

    /** Which halves of the FFN a hot fraction h has: the CPU's only (h = 0), both, or the GPU's only (h = 1). */
    private static int split(double h) {
        return h <= 0 ? CPU_ONLY : h < 1 ? HYBRID : GPU_ONLY;
    }

    /**
     * The times of one placement of the dense blocks ({@code nd} layers on the GPU), the head and the KV cache, as a
     * function of the hot fraction h. Per layer the GPU's and the CPU's FFN halves run concurrently, so a pass takes
     * its FFN's slower half plus everything else, and everything else depends on h only through which halves exist
     * (link synchronisations, kernel launches): it is summed here once for each of the three splits, so that a
     * search pricing many h adds only the FFN.
     */
    final class Layout {
        private final int nd;
        private final int nc;
        private final boolean headOnGpu;
        private final boolean kvOnGpu;
        private final double headSeconds;
        private final double preHeadSeconds;
        /** Decode attention of all steps of the layers whose dense block is on the GPU, and of the others. */
        private final double attnGpuLayers;
        private final double attnCpuLayers;
        private final double preGpuDense;
        private final double preCpuDense;
        /** A decode step, and the prefill, without the FFN: by {@link #split}. */
        private final double[] stepRest = new double[3];
        private final double[] prefillRest = new double[3];

        private Layout(int nd, boolean headOnGpu, boolean kvOnGpu) {
            this.nd = nd;
            this.nc = layers - nd;
            this.headOnGpu = headOnGpu;
            this.kvOnGpu = kvOnGpu;
            this.headSeconds = headOnGpu ? p.headGpu() : p.headCpu();
            this.preHeadSeconds = headOnGpu ? p.preHeadGpu() : p.preHeadCpu();
            this.attnGpuLayers = nd * (kvOnGpu ? p.attnDecodeGpu() : p.attnDecodeCpu());
            this.attnCpuLayers = nc * p.attnDecodeCpu();
            this.preGpuDense = preDenseGpu + (kvOnGpu ? p.preAttnGpu() : p.preAttnCpu());
            this.preCpuDense = preDenseCpu + p.preAttnCpu();
            for (int split = CPU_ONLY; split <= GPU_ONLY; split++) {
                stepRest[split] = nd * denseGpu + nc * denseCpu + stepSync(split) + headSeconds + overhead(split);
                prefillRest[split] = nd * preGpuDense + nc * preCpuDense + prefillSync(split) + preHeadSeconds
                        + overhead(split);
            }
        }

        /** Link time of one decode step's layers. */
        private double stepSync(int split) {
            return nd * stepSync.seconds(split, true, kvOnGpu) + nc * stepSync.seconds(split, false, false);
        }

        private double prefillSync(int split) {
            return nd * prefillSync.seconds(split, true, kvOnGpu) + nc * prefillSync.seconds(split, false, false);
        }

        /** Layers whose attention or hot neurons run on the GPU: they launch kernels. */
        private double gpuLayers(int split) {
            return split == CPU_ONLY ? nd : layers;
        }

        /** Kernel launches of one pass. */
        private double overhead(int split) {
            double gpuLayers = gpuLayers(split);
            return g.overhead(gpuLayers, 1) + cpu.overhead(layers - gpuLayers, 1);
        }

        /** Request time with the hot set {@code s}: {@link #timing}'s prefill and decode, and nothing else. */
        double e2eSeconds(HotSet s) {
            int split = split(s.h());
            return p.vision() + prefill(split, s.prefillFfn()) + decode(step(split, s.stepFfn()));
        }

        /** All times with a hot fraction of {@code h}. */
        Timing timing(double h) {
            int split = split(h);
            double logH = logOf(h);
            double hotMass = hotMass(h, logH);
            double coldMass = coldMass(hotMass);
            double hotUnion = stepHotUnion(h, hotMass, logH);
            double gpuFfn = stepGpuFfn(h, hotMass, hotUnion);
            double cpuFfn = stepCpuFfn(h, coldMass, stepColdUnion(hotUnion));
            double preGpuFfn = prefillGpuFfn(h, hotMass, logH);
            double preCpuFfn = prefillCpuFfn(h, coldMass, blockUnion.from(h, logH));

            double step = step(split, Math.max(gpuFfn, cpuFfn));
            double decode = decode(step);
            double firstStep = step + nd * (kvOnGpu ? p.attnStepGpu() : p.attnStepCpu()) + nc * p.attnStepCpu();
            double gpuDecodeBusy = steps * (nd * denseGpu + layers * gpuFfn + (headOnGpu ? headSeconds : 0)
                    + g.overhead(gpuLayers(split), 1)) + (kvOnGpu ? attnGpuLayers : 0);
            double cpuDecodeBusy = steps * (nc * denseCpu + layers * cpuFfn + (headOnGpu ? 0 : headSeconds))
                    + attnCpuLayers + (kvOnGpu ? 0 : attnGpuLayers);
            double prefill = prefill(split, Math.max(preGpuFfn, preCpuFfn));
            double gpuBusy = p.vision() + nd * preGpuDense + layers * preGpuFfn + (headOnGpu ? preHeadSeconds : 0)
                    + gpuDecodeBusy;
            double cpuBusy = nc * preCpuDense + layers * preCpuFfn + (headOnGpu ? 0 : preHeadSeconds)
                    + cpuDecodeBusy;
            double gpuFfnFlops = stepGpuFlops(hotMass);
            double gpuFfnBytes = stepGpuBytes(hotUnion);
            double link = prefillSync(split) + steps * stepSync(split);
            return new Timing(prefill, decode, firstStep, gpuBusy, cpuBusy, link,
                    hotMass + coldMass > 0 ? hotMass / (hotMass + coldMass) : 0,
                    nd * p.denseFlops() + layers * gpuFfnFlops, nd * p.denseBytes() + layers * gpuFfnBytes);
        }

        /**
         * A lower bound of the request time over every hot fraction in [0, {@code hi}]: the least of everything but
         * the FFN over the splits those take, plus a bound of the FFN's slower half in the prefill and in every decode
         * step, less a margin far above the rounding of either sum. The CPU's half only shrinks as h grows, so it
         * takes at least what it takes at hi (with the unions' small falls, {@link UnionTable#maxDrop}, added to the
         * hot side). Only sparse laws are searched: PowerInfer runs a model without sparsity in its dense mode.
         */
        double fastestPossibleSeconds(double hi) {
            return lowerBound(hi, CPU_ONLY, split(hi));
        }

        /**
         * The same over the hot fractions above 0 and at most {@code top} (below 1): all of them split the FFN, and pay
         * the hybrid layer's synchronisations.
         */
        double fastestInnerSeconds(double top) {
            return lowerBound(top, HYBRID, HYBRID);
        }

        private double lowerBound(double hi, int firstSplit, int lastSplit) {
            double logHi = logOf(hi);
            double hotMass = hotMass(hi, logHi);
            double coldMass = coldMass(hotMass);
            double hotUnion = stepHotUnion(hi, hotMass, logHi) + decodeUnion.maxDrop();
            double stepFfn = stepCpuFfn(hi, coldMass, stepColdUnion(hotUnion));
            double prefillFfn = prefillCpuFfn(hi, coldMass,
                    Math.max(0, blockUnion.from(hi, logHi) - blockUnion.maxDrop()));
            double rest = Double.POSITIVE_INFINITY;
            for (int split = firstSplit; split <= lastSplit; split++) {
                rest = Math.min(rest, prefillRest[split] + steps * stepRest[split]);
            }
            double bound = p.vision() + rest + layers * prefillFfn + steps * (layers * stepFfn) + attnGpuLayers
                    + attnCpuLayers;
            return bound * (1 - 1e-9);
        }

        /** One decode step (at the first step's context, attention aside) whose FFN takes {@code ffn} per layer. */
        private double step(int split, double ffn) {
            return stepRest[split] + layers * ffn;
        }

        /** All decode steps: each step's fixed part, and attention over the growing context. */
        private double decode(double step) {
            return steps * step + attnGpuLayers + attnCpuLayers;
        }

        private double prefill(int split, double ffn) {
            return prefillRest[split] + layers * ffn;
        }
    }

    // ---- the FFN of a hot fraction h: activation mass and unions (ln h serves all three union tables) ----

    /** ln h where the union tables read it (above x0; never under the dense law, where x0 = 1). */
    private double logOf(double h) {
        return h > x0 ? Math.log(h) : 0;
    }

    /** Fraction of a layer's neurons a token activates among the hot ones (routed to the experts in use). */
    private double hotMass(double h, double logH) {
        return routed * mass.upTo(h, logH);
    }

    private double coldMass(double hotMass) {
        return Math.max(0, routed * meanActive - hotMass);
    }

    /** The union of the hot neurons a decode step's B tokens activate (the union of one token is its mass). */
    private double stepHotUnion(double h, double hotMass, double logH) {
        return batch <= 1 ? hotMass : decodeUnion.upTo(h, logH);
    }

    private double stepGpuFlops(double hotMass) {
        return batch * perLayer * hotMass * neuronFlops;
    }

    private double stepGpuBytes(double hotUnion) {
        return perLayer * hotUnion * neuronBytes;
    }

    /** The GPU's half of one layer's FFN in a decode step: its hot neurons, the rows of their union. */
    private double stepGpuFfn(double h, double hotMass, double hotUnion) {
        return h > 0 ? gpuSparse.seconds(stepGpuFlops(hotMass), stepGpuBytes(hotUnion)) : 0;
    }

    /** The union of the cold neurons a decode step's tokens activate. */
    private double stepColdUnion(double hotUnion) {
        return Math.max(0, decodeUnion.total() - hotUnion);
    }

    /** The CPU's half: the cold neurons, the rows of their union. */
    private double stepCpuFfn(double h, double coldMass, double coldUnion) {
        return h < 1
                ? cpuSparse.seconds(batch * perLayer * coldMass * neuronFlops, perLayer * coldUnion * neuronBytes) : 0;
    }

    /** The GPU's half of one layer's FFN in the prefill, dense over all hot neurons above PowerInfer's threshold. */
    private double prefillGpuFfn(double h, double hotMass, double logH) {
        if (h <= 0) {
            return 0;
        }
        if (promptUnion == null) {
            return gpuDense.seconds(tokens * routed * perLayer * h * neuronFlops,
                    perLayer * h * promptExpertShare * neuronBytes);
        }
        return gpuSparse.seconds(tokens * perLayer * hotMass * neuronFlops,
                perLayer * promptUnion.upTo(h, logH) * neuronBytes);
    }

    /** The CPU's half: cold neurons per token, the rows of each block's union of them ({@code blockCold}). */
    private double prefillCpuFfn(double h, double coldMass, double blockCold) {
        return h < 1 ? cpuSparse.seconds(tokens * perLayer * coldMass * neuronFlops,
                blocks * perLayer * blockCold * neuronBytes) : 0;
    }

    /**
     * Fraction of the FFN weights of the experts in use that a pass of {@code n} tokens does not read, given the
     * union of their active neurons ({@code logUnused}: ln of the share of a layer's experts a token does not use).
     */
    private static double skipped(double union, double n, double logUnused) {
        double used = -Math.expm1(n * logUnused);
        return Math.max(0, 1 - union / used);
    }

    /**
     * A unit's roofline as seconds per FLOP and per byte: {@link ExecutionUnit#seconds} with multiplications, which
     * cost less than its divisions where a search prices the FFN some thirty times per placement.
     */
    private record Roof(double perFlop, double perByte) {
        Roof(ExecutionUnit unit) {
            this(1 / unit.flopsPerSecond(), 1 / unit.bytesPerSecond());
        }

        double seconds(double flops, double bytes) {
            return Math.max(flops * perFlop, bytes * perByte);
        }
    }

    /**
     * Link traffic of one layer for a pass of n tokens, by the kind of synchronisation. A hybrid FFN (0 < hot < 1)
     * ships the FFN input and the predictor's n_ff scores to the CPU and the CPU's up (n_ff) and down (d) partial sums
     * back for the merge on the GPU (docs/powerinfer-facts.md Sec. 1.5). An FFN wholly on the other side of its attention
     * ships the hidden state there and back. Attention on the GPU over a KV cache in host memory ships Q, K, V over
     * and the output back. The hot fraction only decides which kinds occur, so each is priced once per pass.
     *
     * @param hybrid seconds of a hybrid FFN's synchronisations
     * @param crossing seconds of the hidden state's round trip to an FFN wholly on the other side
     * @param remoteKv seconds of the round trip of GPU attention to a KV cache in host memory
     */
    private record Sync(double hybrid, double crossing, double remoteKv) {
        static Sync of(Workload w, Calibration c, double n) {
            ModelSpec m = w.model();
            double d = m.hiddenSize();
            double ffnOut = m.intermediateSize() * m.moe().expertsTouched(n);
            double qkvo = 2 * m.qDim() + 2 * m.kvDim();
            return new Sync(
                    RequestShape.linkSeconds(w, c, n * (2 * ffnOut + 2 * d) * LINK_BYTES_PER_VALUE, HYBRID_SYNCS),
                    RequestShape.linkSeconds(w, c, n * 2 * d * LINK_BYTES_PER_VALUE, 2),
                    RequestShape.linkSeconds(w, c, n * qkvo * w.precision().activationBytes(), 2));
        }

        /** Link time of one layer whose dense block is on the GPU or not, by {@link #split} of its FFN. */
        double seconds(int split, boolean denseOnGpu, boolean kvOnGpu) {
            double s = 0;
            if (split == HYBRID) {
                s += hybrid;
            } else if (denseOnGpu != (split == GPU_ONLY)) {
                s += crossing;
            }
            if (denseOnGpu && !kvOnGpu) {
                s += remoteKv;
            }
            return s;
        }
    }
}
