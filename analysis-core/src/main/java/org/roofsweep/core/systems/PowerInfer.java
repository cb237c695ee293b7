package org.roofsweep.core.systems;

import java.util.Locale;
import java.util.Optional;
import org.roofsweep.core.ReasonTexts;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.TokenPolicy;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * PowerInfer (arXiv 2312.12456): hot neurons and dense blocks on the GPU, cold neurons computed by the CPU where
 * their weights live, concurrently, merged per layer. Placement by {@link NeuronPlacer}, time by
 * {@link SparseExecution}, the hot-set size by {@link PowerInferSearch}. The host keeps every weight the GPU does not
 * hold (PowerInfer mmaps the model).
 *
 * <p>Two variants share the approach and differ in kernels ({@link SparseKernels}). {@code powerinfer} is the fork as
 * its code runs (docs/powerinfer-facts.md Sec. 7): its GPU kernels per pass size, its link traffic, no
 * FlashAttention, sparse kernels for F16 and Q4_0 weights only, and its llava example, which encodes LLaVA-1.5's
 * fixed-size images only, on a CPU graph over host weights ({@link VisionEncode#forkSeconds}).
 * {@code powerinfer-ideal} is a projection: the same hot/cold split and predictors with kernels of today, tensor-core
 * prefill, the vision tower where the dense systems run it, every format and vision model the dense systems take,
 * and FlashAttention as the sweep sets it. The gap between the two says how much of a result is the approach and how
 * much the 2023 implementation.
 *
 * <p>Placement follows the fork's order in both (Sec. 1.2): dense blocks, then the KV cache whenever it fits (the
 * fork reserves it in VRAM before any neuron and has no option to leave it in host memory), then the hottest neurons.
 * PowerInfer's offline solver maximises the activation mass the GPU serves, and users tune {@code --vram-budget}; the
 * model plays that tuned user, searching the hot-set size between none and all that fit for the shortest request
 * (golden-section search, the ends included), because past the point where the GPU's half of the FFN becomes the
 * slower one more GPU neurons only slow it down. A smaller budget never moves the KV cache out while it fits. A run
 * with a stated budget ({@link #withVramBudget}, as a measurement states it) is not tuned: its placement is the
 * loader's fill of that budget, and it runs sparse even where the dense mode would be faster.
 *
 * <p>A model without activation sparsity (no published figure, and none set by the sweep) has no predictors, and
 * PowerInfer runs it in its dense mode, which is llama.cpp's layer split: the result is {@link LayerOffload}'s on the
 * same workload (for the fork, the workload without FlashAttention and decode steps without CUDA graphs, which its
 * Dec 2023 llama.cpp predates), in {@link ExecutionMode#DENSE_MODE}. A sparse
 * model falls back to the same dense mode where that is faster, as at low sparsity, where predictors and sparse
 * kernels cost more than they skip. The dense mode splits layers, never neurons.
 *
 * <p>Only the fastest placement becomes a {@link Result}. A lower bound of the request time skips a search that cannot
 * beat the dense mode; none of this changes the result.
 */
public final class PowerInfer implements InferenceSystem {
    public static final String NAME = "powerinfer";
    public static final String IDEAL_NAME = "powerinfer-ideal";
    /** The projector kind of LLaVA-1.5 ({@code mlp2x_gelu}), the one the fork's clip.cpp builds. */
    private static final String FORK_PROJECTOR = "mlp2x_gelu";
    /** The fork's refusal of a weight width by its bits, and of a model's vision tower: each text built once. */
    private static final ReasonTexts WEIGHTS_REFUSED = new ReasonTexts(16);
    private static final ReasonTexts VISION_REFUSED = new ReasonTexts(128);

    private final String name;
    private final SparseKernels kernels;
    /** The run's {@code --vram-budget}: at most this much VRAM for weights and KV cache (infinite: all there is). */
    private final double vramBudgetBytes;

    /** PowerInfer's fork as its code runs. */
    public PowerInfer() {
        this(NAME, SparseKernels.FORK, Double.POSITIVE_INFINITY);
    }

    private PowerInfer(String name, SparseKernels kernels, double vramBudgetBytes) {
        if (!(vramBudgetBytes >= 0)) {
            throw new IllegalArgumentException("a VRAM budget must be at least 0 bytes, found " + vramBudgetBytes);
        }
        this.name = name;
        this.kernels = kernels;
        this.vramBudgetBytes = vramBudgetBytes;
    }

    /** The same approach with today's kernels: a documented projection. */
    public static PowerInfer ideal() {
        return new PowerInfer(IDEAL_NAME, SparseKernels.TODAY, Double.POSITIVE_INFINITY);
    }

    /**
     * The same system run with {@code --vram-budget}: the fork's {@code llama_set_vram_budget} sets the bytes its
     * loader may place in VRAM to exactly the budget, and every dense block, the KV cache and the hot neurons are
     * taken out of it ({@code llama_reduce_vram_budget}); the compute buffers are not. So the budget caps what the
     * placement may use, below what the card holds after the runtime's reserve and the activations. A budget of 0
     * places nothing on the GPU: every weight stays in host memory and the CPU computes it, sparse. The fork takes a
     * stated budget as given, without the card's free memory ({@code budget_gb * 1024^3}; only an unstated one is
     * free memory less 256 MiB); the model caps it at what the card holds, as what the driver does past that (an
     * allocation failure, or a spill to shared system memory) is not modelled.
     */
    public PowerInfer withVramBudget(double bytes) {
        return new PowerInfer(name, kernels, bytes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result evaluate(Workload workload, Calibration c) {
        return solve(workload, c).result();
    }

    /**
     * {@code workload} as this variant runs it: the fork has no FlashAttention; and at the model's own sparsity, both
     * compute the neurons the model's predictors select, which is the predicted sparsity where one is published
     * (ProSparse-13B: 78.28% predicted inactive against 88.80% inactive, at 91.11% recall).
     */
    public Workload asRun(Workload workload) {
        var profile = workload.model().sparsity();
        boolean predicted = Double.isNaN(workload.sparsity()) && profile != null
                && !Double.isNaN(profile.predictedSparsity());
        if (!predicted && kernels != SparseKernels.FORK) {
            return workload;
        }
        Workload.Builder b = workload.toBuilder();
        if (predicted) {
            b.sparsity(profile.predictedSparsity());
        }
        return (kernels == SparseKernels.FORK ? b.flashAttention(false) : b).build();
    }

    /** The request's shape as this variant runs {@code asRun}: the fork reserves the KV cache its own way. */
    public RequestShape shape(Workload asRun, Calibration c) {
        return kernels == SparseKernels.FORK ? RequestShape.forkOf(asRun, c) : RequestShape.of(asRun, c);
    }

    /**
     * How the point runs when it runs neuron-sparse (empty in the dense mode and where nothing runs): the workload as
     * this variant runs it, the chosen placement, its sizes and its FFN's GPU and CPU halves per layer.
     */
    public Optional<SparseRun> sparseRun(Workload workload, Calibration c) {
        Solved s = solve(workload, c);
        return s.exec() == null ? Optional.empty()
                : Optional.of(new SparseRun(s.workload(), s.result(), s.placement(), s.footprint(),
                        s.exec().ffn.halves(s.placement().hotFraction())));
    }

    /**
     * A sparse point's placement: {@code workload} as run (the fork's without FlashAttention), {@code result} its
     * evaluation, {@code footprint} the sizes placed (predictors included).
     */
    public record SparseRun(Workload workload, Result result, NeuronPlacement placement, SparseFootprint footprint,
            FfnHalves ffn) {
    }

    /** An evaluation, with the placement and its execution when it runs sparse (null otherwise). */
    private record Solved(Result result, Workload workload, NeuronPlacement placement, SparseFootprint footprint,
            SparseExecution exec) {
    }

    private Solved solve(Workload workload, Calibration c) {
        boolean fork = kernels == SparseKernels.FORK;
        Workload w = asRun(workload);
        RequestShape shape = shape(w, c);
        // PowerInfer's dense mode is llama.cpp's layer split: no predictors, dense kernels, whole layers on the GPU;
        // the fork's llama.cpp (Dec 2023) predates CUDA graphs, so its decode steps launch every kernel
        Result denseMode = LayerOffload.run(w, fork ? c.withoutGraphCapture() : c, shape, name,
                ExecutionMode.DENSE_MODE);
        String unsupported = fork ? forkRefusal(w) : null;
        if (unsupported != null) {
            return dense(new Result.Builder(name, ExecutionMode.SPARSE, shape).infeasible(unsupported).build());
        }
        if (w.effectiveSparsity() <= 0) {
            // a model without activation sparsity has no predictors: PowerInfer cannot sparsify it
            return dense(denseMode);
        }
        // the two formats the fork's sparse kernels take (ggml_cuda_mul_mat_sparse): F16 and Q4_0
        if (fork && w.precision().weightBits() != Precision.FP16.weightBits()
                && w.precision().weightBits() != SparseFootprint.Q4_0_BITS) {
            return dense(new Result.Builder(name, ExecutionMode.SPARSE, shape).infeasible(WEIGHTS_REFUSED.text(null,
                    Double.doubleToLongBits(w.precision().weightBits()), (none, bits) -> "PowerInfer's sparse kernels "
                    + "take F16 and Q4_0 weights only, not " + Double.longBitsToDouble(bits) + " bits per weight"))
                    .build());
        }
        double vision = fork ? 0 : shape.visionWeightBytes();
        double budget = Math.min(vramBudgetBytes, w.platform().gpu().memoryBytes() - c.runtime().gpuReservedBytes()
                - vision - gpuActivationBytes(shape, c, fork));
        double kv = w.model().numLayers() * shape.kvBytesPerLayer();
        SparseFootprint f = SparseFootprint.of(w.model(), w.precision(), c, true);
        NeuronPlacement greedy = NeuronPlacer.place(f, w.model().numLayers(), budget, kv);
        Result.Builder out = builder(w, c, f, shape, greedy, vision);
        boolean stated = Double.isFinite(vramBudgetBytes);
        if (!out.feasible()) {
            return dense(denseMode.fits() && !stated ? denseMode : out.build());
        }
        SparseExecution exec = new SparseExecution(w, c, shape, f, PassTimes.of(w, c, shape, kernels), kernels);
        if (stated) {
            // a run with a stated budget loaded the sparse model and filled the budget in the loader's order: no
            // tuned hot set, no dense mode
            return sparse(w, f, exec, greedy, out);
        }
        SparseLayout layout = exec.layout(greedy);
        double hi = greedy.hotFraction();
        double toBeat = denseMode.fits() ? denseMode.e2eSeconds() : Double.POSITIVE_INFINITY;
        if (layout.fastestPossibleSeconds(hi) >= toBeat) {
            // no hot-set size of this placement can beat the dense mode
            return dense(denseMode);
        }
        SparseFfn.HotSet[] priced = new SparseFfn.HotSet[PowerInferSearch.CANDIDATES];
        SparseFfn.HotSet hot = PowerInferSearch.fastestHotSet(exec, layout, hi, priced);
        NeuronPlacement pl = NeuronPlacer.withHotFraction(f, greedy, hot.h());
        // a smaller hot set leaves more weights in host memory, which may not hold them
        Result.Builder placed = builder(w, c, f, shape, pl, vision);
        if (!placed.feasible()) {
            return denseMode.fits() ? dense(denseMode) : sparse(w, f, exec, pl, placed);
        }
        return layout.e2eSeconds(hot) < toBeat ? sparse(w, f, exec, pl, placed) : dense(denseMode);
    }

    /** A result that runs no neuron-sparse placement. */
    private static Solved dense(Result r) {
        return new Solved(r, null, null, null, null);
    }

    private static Solved sparse(Workload w, SparseFootprint f, SparseExecution exec, NeuronPlacement pl,
            Result.Builder placed) {
        return new Solved(exec.run(pl, placed), w, pl, f, exec);
    }

    /**
     * Why the fork cannot run the request at all, or null: its llava example encodes images with its own clip.cpp
     * (November 2023), which builds one graph only: a CLIP ViT (class token, pre-layernorm, plain fc1/fc2 MLP; the
     * patch rows after the class token go on, {@code ggml_get_rows} of 1..n), the second-to-last layer's output into
     * LLaVA's two-layer projector ({@code mm_0}, GELU, {@code mm_2}; the loader asserts
     * {@code clip.has_llava_projector}), over one square view resized to the encoder's input
     * ({@code clip_image_preprocess}). So: no image grid (LLaVA-1.6 anyres), tiles (InternVL), slices and resampler
     * (MiniCPM-V), dynamic resolution (Qwen2-VL, Pixtral), no downsampling projector (MobileVLM's LDP, Gemma 3's
     * pooling) and no SigLIP or gated-MLP tower.
     */
    static String forkRefusal(Workload w) {
        var v = w.model().vision();
        if (v == null || w.images() == 0) {
            return null;
        }
        return VISION_REFUSED.text(w.model(), 0, (model, none) -> forkRefusal(model));
    }

    /** {@link #forkRefusal(Workload)} of a model with a vision tower. */
    private static String forkRefusal(ModelSpec m) {
        var v = m.vision();
        String lead = "PowerInfer's llava example (its clip.cpp) encodes LLaVA-1.5-style images only: ";
        if (v.tokenPolicy().kind() != TokenPolicy.Kind.FIXED) {
            return lead + "one fixed-size view, not the " + v.tokenPolicy().kind().name().toLowerCase(Locale.ROOT)
                    + " image tokens of " + m.key();
        }
        if (!FORK_PROJECTOR.equals(v.projector().kind()) || v.projector().merge() != 1) {
            return lead + "LLaVA's two-layer MLP projector, not the " + v.projector().kind() + " projector (merge "
                    + v.projector().merge() + ") of " + m.key();
        }
        if (!v.classToken() || v.gatedMlp()) {
            return lead + "a CLIP ViT with a class token and a plain MLP, not the " + v.name() + " of " + m.key();
        }
        return null;
    }

    /** Working memory in VRAM: the language model's, and the vision encoder's unless its graph runs on the host. */
    private static double gpuActivationBytes(RequestShape r, Calibration c, boolean visionOnHost) {
        return visionOnHost ? r.llmActivationBytes(c) : r.activationBytes(c);
    }

    /** The result builder of a placement: its memory, and whether it fits. {@code vision}: tower bytes in VRAM. */
    private Result.Builder builder(Workload w, Calibration c, SparseFootprint f, RequestShape r, NeuronPlacement pl,
            double vision) {
        Result.Builder out = new Result.Builder(name, ExecutionMode.SPARSE, r);
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        double act = gpuActivationBytes(r, c, vision == 0);
        double reserved = c.runtime().gpuReservedBytes();
        double tower = r.visionWeightBytes();
        double kv = layers * r.kvBytesPerLayer();
        // the fork's CLIP graph (tower in host memory) keeps its working buffers there too
        double host = pl.hostWeightBytes() + (tower - vision) + (pl.kvOnGpu() ? 0 : kv)
                + (vision == 0 ? r.visionActivationBytes() : 0);
        out.gpuMemory(pl.gpuWeightBytes() + vision, pl.kvOnGpu() ? kv : 0, act, reserved)
                .memory(r.languageModelWeightBytes() + tower + layers * f.predictorLayerBytes(), vision, host, kv)
                .placement(pl.denseLayersOnGpu(), pl.hotFraction(), 0);
        return out.check(o -> o.requireGpuRoom(gpu, vision + act + reserved).requireHostMemory(w.platform(), host));
    }
}
