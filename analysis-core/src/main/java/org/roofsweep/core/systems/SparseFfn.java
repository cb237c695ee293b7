package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.sparsity.HotMass;
import org.roofsweep.core.sparsity.NeuronActivation;
import org.roofsweep.core.sparsity.PromptMix;
import org.roofsweep.core.sparsity.UnionTable;

/**
 * One layer's FFN with the hottest fraction h of its neurons on the GPU (PowerInfer, arXiv 2312.12456, Sec. 4-6):
 * the two halves run concurrently, the GPU computing the active hot neurons, the CPU the active cold ones from host
 * DRAM. The CPU kernel skips per token but streams the union of each 16-token block. The GPU's kernels depend on
 * {@link SparseKernels}: under {@link SparseKernels#TODAY} a pass of n tokens reads the rows of the union of their
 * active neurons, and above the threshold (100 tokens) the GPU computes all its hot neurons densely at the tensor
 * peak; under {@link SparseKernels#FORK} one token reads the union at the fork's GPU sparse efficiency, and more
 * tokens re-read a row per active (row, token) pair from the cache on CUDA cores, except the down projection above
 * the threshold, an FP32 GEMM over all hot neurons dequantised to FP32 per physical batch.
 *
 * <p>The prefill's tokens are a {@link PromptMix}: text and image tokens, each under its own activation law, sharing
 * active neurons to the sweep's correlation. Its passes read the union over both populations and compute each token's
 * own active neurons; the decode step's tokens are text tokens, under the text's law. The hot set is the text's
 * hottest neurons (the offline profile's order), so where image tokens fire more neurons the cold half grows.
 *
 * <p>Built once per workload and sparsity (the union tables), so that pricing a hot-set size, which PowerInfer's
 * search does many times, costs a logarithm, an exponential and some arithmetic ({@link #hotSet}).
 */
final class SparseFfn {
    /** The FFN's rooflines: the GPU's with dense kernels, and the GPU's and the CPU's with sparse ones. */
    private final Roof gpuDense;
    private final Roof gpuSparse;
    private final Roof cpuSparse;
    /** The fork's kernels for passes of two or more tokens; null under {@link SparseKernels#TODAY}. */
    private final ForkGpuKernels fork;
    /** Tokens of a decode step (the batch) and of the prefill (the batch's prompts). */
    private final double stepTokens;
    private final double prefillTokens;
    /** Share of a layer's experts a token is routed to (1 for a dense FFN). */
    private final double routed;
    private final double neuronsPerLayer;
    private final double flopsPerNeuron;
    private final double bytesPerNeuron;
    /**
     * The same for an active neuron of a one-token decode step, whose down projection reads only the selected
     * neurons that fire ({@link #downReadShare}); equal to the above for passes of more tokens.
     */
    private final double stepFlopsPerNeuron;
    private final double stepBytesPerNeuron;
    /** The activation law of a decode step's (text) tokens. */
    private final NeuronActivation act;
    /** The prefill's tokens: the result's prefill sparsity takes their union. */
    private final PromptMix prompt;
    /** Activation mass of the hottest h of the neurons for an image token; null where the prompt is one law's. */
    private final HotMass imageMass;
    /** Mean fraction of neurons a prompt token activates. */
    private final double promptMeanActive;
    /** Mean fraction of neurons one token activates (1 - sparsity). */
    private final double meanActive;
    /** Rank fraction up to which every neuron fires for every token: the tables interpolate in ln h above it. */
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

    /** The FFN of a layer whose prefill runs the tokens of {@code prompt}. */
    SparseFfn(Workload w, Calibration c, PromptMix prompt, SparseFootprint f, ExecutionUnit gpu, ExecutionUnit cpu,
            SparseKernels kernels) {
        ModelSpec m = w.model();
        // a model without sparsity (sparse-gpu at sparsity 0) runs ordinary dense kernels
        boolean sparse = w.effectiveSparsity() > 0;
        double sparseEff = sparse ? c.runtime().sparseKernelEfficiency() : 1;
        double gpuEff = !sparse ? 1 : kernels == SparseKernels.FORK ? c.runtime().forkGpuSparseEfficiency()
                : c.runtime().idealGpuSparseEfficiency();
        this.gpuDense = new Roof(gpu);
        this.gpuSparse = new Roof(gpu.withMemoryFactor(gpuEff));
        this.cpuSparse = new Roof(cpu.withMemoryFactor(sparseEff));
        this.stepTokens = w.batch();
        this.prompt = prompt;
        this.prefillTokens = prompt.tokens();
        this.routed = m.moe().routedFraction();
        this.neuronsPerLayer = (double) m.moe().numExperts() * m.intermediateSize();
        this.flopsPerNeuron = 2.0 * m.matricesPerNeuron() * m.hiddenSize();
        this.bytesPerNeuron = f.neuronBytes();
        double stepShare = w.batch() <= 1
                ? (m.matricesPerNeuron() - 1 + downReadShare(w)) / m.matricesPerNeuron() : 1;
        this.stepFlopsPerNeuron = flopsPerNeuron * stepShare;
        this.stepBytesPerNeuron = bytesPerNeuron * stepShare;
        this.act = w.activation();
        boolean oneLaw = prompt.singleIndependentLaw();
        this.x0 = oneLaw ? act.x0() : Math.min(act.x0(), prompt.x0());
        this.mass = new HotMass(act);
        this.meanActive = mass.upTo(1);
        this.imageMass = oneLaw ? null : new HotMass(prompt.image());
        this.promptMeanActive = oneLaw ? meanActive : prompt.perToken(meanActive, imageMass.upTo(1));
        this.decodeUnion = new UnionTable(act, stepTokens, routed);
        boolean promptDense = prefillTokens > c.runtime().sparseDenseThresholdTokens();
        this.promptUnion = promptDense ? null : UnionTable.of(prompt, routed);
        this.blockUnion = UnionTable.of(prompt.chunk(Math.min(prefillTokens, c.runtime().cpuSparseBlockTokens())),
                routed);
        this.promptExpertShare = promptDense ? m.moe().expertsTouched(prefillTokens) / m.moe().numExperts() : 0;
        double block = c.runtime().cpuSparseBlockTokens();
        this.blocks = Math.ceil(prefillTokens / block);
        this.fork = kernels == SparseKernels.FORK ? new ForkGpuKernels(w, c, prompt, gpu, gpuSparse, neuronsPerLayer,
                bytesPerNeuron, routed) : null;
    }

    /**
     * The FFN of one layer with a hot fraction of {@code h}: each half's seconds in a decode step and in the prefill,
     * the prefill's slower half ({@code prefillSeconds}: the layer waits for it), the activation mass each half serves
     * in a decode step, and the GPU's FLOPs and bytes of a decode step.
     */
    record HotSet(double h, double stepGpuSeconds, double stepCpuSeconds, double prefillGpuSeconds,
            double prefillCpuSeconds, double prefillSeconds, double hotMass, double coldMass, double stepGpuFlops,
            double stepGpuBytes) {
        double stepSeconds() {
            return Math.max(stepGpuSeconds, stepCpuSeconds);
        }
    }

    /** A lower bound of the FFN's slower half over a range of hot fractions: per decode step and in the prefill. */
    record Bound(double stepSeconds, double prefillSeconds) {
    }

    /** The FFN with a hot fraction of {@code h}. */
    HotSet hotSet(double h) {
        double logH = logOf(h);
        double hotMass = hotMass(h, logH);
        double coldMass = coldMass(hotMass);
        double hotUnion = stepHotUnion(h, hotMass, logH);
        double gpuFlops = stepGpuFlops(hotMass);
        double gpuBytes = stepGpuBytes(hotUnion);
        double promptHot = promptHotMass(h, hotMass, logH);
        double preGpu = prefillGpu(h, promptHot, logH).seconds();
        double preCpu = prefillCpuSeconds(h, promptColdMass(promptHot), blockUnion.from(h, logH));
        return new HotSet(h, h > 0 ? stepGpuSeconds(hotMass, gpuFlops, gpuBytes) : 0,
                stepCpuSeconds(h, coldMass, stepColdUnion(hotUnion)), preGpu, preCpu, Math.max(preGpu, preCpu),
                hotMass, coldMass, gpuFlops, gpuBytes);
    }

    /**
     * The two halves of one layer's FFN with a hot fraction of {@code h}, each with the FLOPs it computes, the bytes
     * it reads from its device's memory and its seconds, in a decode step and in the prefill: {@link #hotSet}'s times
     * with the work behind them (what {@code explain} prints).
     */
    FfnHalves halves(double h) {
        HotSet s = hotSet(h);
        double logH = logOf(h);
        double coldUnion = stepColdUnion(stepHotUnion(h, s.hotMass(), logH));
        double blockCold = blockUnion.from(h, logH);
        FfnHalves.Half stepGpu = h > 0 ? new FfnHalves.Half(s.stepGpuFlops(), s.stepGpuBytes(), s.stepGpuSeconds())
                : FfnHalves.Half.NONE;
        FfnHalves.Half stepCpu = h < 1 ? new FfnHalves.Half(stepCpuFlops(s.coldMass()),
                neuronsPerLayer * coldUnion * stepBytesPerNeuron, s.stepCpuSeconds()) : FfnHalves.Half.NONE;
        double promptHot = promptHotMass(h, s.hotMass(), logH);
        FfnHalves.Half prefillCpu = h < 1 ? new FfnHalves.Half(cpuFlops(prefillTokens, promptColdMass(promptHot)),
                blocks * neuronsPerLayer * blockCold * bytesPerNeuron, s.prefillCpuSeconds()) : FfnHalves.Half.NONE;
        return new FfnHalves(h, stepGpu, stepCpu, prefillGpu(h, promptHot, logH), prefillCpu);
    }

    /**
     * The least the FFN's slower half takes at any hot fraction in [0, {@code hi}]. The CPU's half only shrinks as h
     * grows, so it takes at least what it takes at hi (with the unions' small falls, {@link UnionTable#maxDrop},
     * added to the hot side). Only sparse laws are searched: PowerInfer runs a model without sparsity in its dense
     * mode.
     */
    Bound fastestUpTo(double hi) {
        double logHi = logOf(hi);
        double hotMass = hotMass(hi, logHi);
        double coldMass = coldMass(hotMass);
        double hotUnion = stepHotUnion(hi, hotMass, logHi) + decodeUnion.maxDrop();
        return new Bound(stepCpuSeconds(hi, coldMass, stepColdUnion(hotUnion)),
                prefillCpuSeconds(hi, promptColdMass(promptHotMass(hi, hotMass, logHi)),
                        Math.max(0, blockUnion.from(hi, logHi) - blockUnion.maxDrop())));
    }

    /** Fraction of the FFN weights of the experts in use that a decode step does not read. */
    double stepSkippedFraction() {
        return skipped(decodeUnion.total(), stepTokens);
    }

    /** The same for the prefill: the union over the whole prompt. */
    double prefillSkippedFraction() {
        double union = prompt.singleIndependentLaw() ? act.union(0, 1, prefillTokens, routed)
                : UnionTable.of(prompt, routed).total();
        return skipped(union, prefillTokens);
    }

    /**
     * Fraction of the FFN weights of the experts in use that a pass of {@code n} tokens does not read, given the
     * union of their active neurons.
     */
    private double skipped(double union, double n) {
        // ln of the share of a layer's experts a token does not use (ln 1e-15 for a dense FFN's one expert)
        double logUnused = Math.log1p(-Math.min(routed, NeuronActivation.MAX_PROBABILITY));
        double used = -Math.expm1(n * logUnused);
        return Math.max(0, 1 - union / used);
    }

    // ---- activation mass and unions of a hot fraction h (ln h serves all three union tables) ----

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

    /** The same per prompt token: the mean over its text and image tokens ({@code hotMass}: a text token's). */
    private double promptHotMass(double h, double hotMass, double logH) {
        return imageMass == null ? hotMass : prompt.perToken(hotMass, routed * imageMass.upTo(h, logH));
    }

    private double promptColdMass(double promptHot) {
        return Math.max(0, routed * promptMeanActive - promptHot);
    }

    /** The union of the hot neurons a decode step's B tokens activate (the union of one token is its mass). */
    private double stepHotUnion(double h, double hotMass, double logH) {
        return stepTokens <= 1 ? hotMass : decodeUnion.upTo(h, logH);
    }

    private double stepGpuFlops(double hotMass) {
        return stepTokens * neuronsPerLayer * hotMass * stepFlopsPerNeuron;
    }

    /** The GPU's half of a decode step reads the rows of the hot neurons' union. */
    private double stepGpuBytes(double hotUnion) {
        return neuronsPerLayer * hotUnion * stepBytesPerNeuron;
    }

    /** The union of the cold neurons a decode step's tokens activate. */
    private double stepColdUnion(double hotUnion) {
        return Math.max(0, decodeUnion.total() - hotUnion);
    }

    /** The CPU's half of a decode step: the cold neurons, the rows of their union. */
    private double stepCpuSeconds(double h, double coldMass, double coldUnion) {
        return h < 1 ? cpuSparse.seconds(stepCpuFlops(coldMass), neuronsPerLayer * coldUnion * stepBytesPerNeuron)
                : 0;
    }

    /** FLOPs of the cold neurons {@code tokens} tokens activate. */
    private double cpuFlops(double tokens, double coldMass) {
        return tokens * neuronsPerLayer * coldMass * flopsPerNeuron;
    }

    /** FLOPs of the cold neurons a decode step's tokens activate. */
    private double stepCpuFlops(double coldMass) {
        return stepTokens * neuronsPerLayer * coldMass * stepFlopsPerNeuron;
    }

    /**
     * The share of the neurons its predictor selects whose down-projection row a one-token pass reads: the fork's
     * AXPY kernels skip a row whose activation is zero before they test the predictor (SJTU-IPADS/PowerInfer
     * d3ebd7c: {@code ggml_compute_forward_mul_mat_axpy} in ggml.c, {@code if (src1_ptr[ir1]==0) continue;}, the
     * same in its Q4_0 and dense variants; ggml-cuda.cu {@code dequantize_mul_mat_axpy_sparse},
     * {@code if (y[row] == 0) return;}, and {@code _sparse_pro}, {@code if(y_tmp[gpu_row] == 0.0) continue;}),
     * while up and gate compute every selected row, their outputs unknown before. A selected neuron that does not
     * fire has a ReLU output of exactly 0, one that fires but is not selected had its up and gate rows skipped: the
     * down projection reads the firing neurons the predictor selected, at most the firing ones. Where the workload
     * runs at the model's published predicted sparsity ({@link PowerInfer#asRun}; ProSparse-13B 78.28%, 88.80%
     * inactive) that is (1 - 0.888) / (1 - 0.7828) = 0.516 of the selected rows (an upper bound: the predictors'
     * 91.11% recall would take another 9% off); at any other sparsity the selected neurons are the firing ones, 1.
     */
    private static double downReadShare(Workload w) {
        var profile = w.model().sparsity();
        if (profile == null || Double.isNaN(profile.predictedSparsity())
                || w.effectiveSparsity() != profile.predictedSparsity()) {
            return 1;
        }
        return Math.min(1, (1 - profile.ffnSparsity()) / (1 - profile.predictedSparsity()));
    }

    /**
     * The GPU's half of a decode step: the rows of the hot union, and under the fork's kernels at two or more tokens
     * also each active pair's re-read ({@link ForkGpuKernels#passSeconds}).
     */
    private double stepGpuSeconds(double hotMass, double flops, double bytes) {
        if (fork != null && stepTokens > 1) {
            return fork.passSeconds(stepTokens, hotMass, bytes);
        }
        return gpuSparse.seconds(flops, bytes);
    }

    /** The GPU's half in the prefill, dense over all hot neurons above PowerInfer's threshold. */
    private FfnHalves.Half prefillGpu(double h, double hotMass, double logH) {
        if (h <= 0) {
            return FfnHalves.Half.NONE;
        }
        if (fork != null && prefillTokens > 1) {
            return fork.prefill(h, hotMass, logH);
        }
        if (promptUnion == null) {
            double flops = prefillTokens * routed * neuronsPerLayer * h * flopsPerNeuron;
            double bytes = neuronsPerLayer * h * promptExpertShare * bytesPerNeuron;
            return new FfnHalves.Half(flops, bytes, gpuDense.seconds(flops, bytes));
        }
        double flops = prefillTokens * neuronsPerLayer * hotMass * flopsPerNeuron;
        double bytes = neuronsPerLayer * promptUnion.upTo(h, logH) * bytesPerNeuron;
        return new FfnHalves.Half(flops, bytes, gpuSparse.seconds(flops, bytes));
    }

    /** The CPU's half: cold neurons per token, the rows of each block's union of them ({@code blockCold}). */
    private double prefillCpuSeconds(double h, double coldMass, double blockCold) {
        return h < 1 ? cpuSparse.seconds(cpuFlops(prefillTokens, coldMass),
                blocks * neuronsPerLayer * blockCold * bytesPerNeuron) : 0;
    }
}
