package org.roofsweep.core.request;

import org.roofsweep.core.ReasonTexts;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ImagePlan;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.VisionSpec;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.Pass;
import org.roofsweep.core.ops.Transformer;
import org.roofsweep.core.sparsity.PromptMix;

/**
 * The token arithmetic of a workload shared by every system: image tokens, the full prompt, the context at the end,
 * the KV cells the batch reserves in all ({@link ContextSize}: one n_ctx shared by its sequences), the operator
 * graphs of its passes, and
 * the memory that does not depend on placement.
 *
 * <p>Visual-token pruning ({@link TokenAssumptions#imageTokenKeep}, FastV-style, arXiv 2403.06764) splits the
 * decoder's layers in two groups: the first K ({@code pruneAfterLayer}) run every token, the others only the text
 * and the kept image tokens, whose keys and values alone those layers cache and attend to. A layer's operator graph
 * is then the two groups' graphs, each op scaled by its group's share of the layers ({@link Op#scaled}), so that
 * the layer count times any op time sums exactly over the layers; without pruning it is the one graph of before.
 * The vision encoder and the projector run every image token either way.
 *
 * <p>A request on a cache already {@code kvDepthTokens} deep ({@link Workload#kvDepthTokens}) processes its prompt
 * on top of those tokens ({@link Pass}{@code (B, P, d)}: each new token attends to the d cached ones and the prompt's
 * earlier ones) and decodes at context d + P + step; the context at the end counts them.
 */
public record RequestShape(Workload workload, ImagePlan image, int imageTokens, int promptTokens, int contextTokens,
        int reservedContextTokens) {
    /** {@link #problem}'s fixed text: a request with neither text nor images. */
    public static final String EMPTY_PROMPT = "empty prompt: no text tokens and no images";
    /** {@link #problem}'s texts of a model without a vision tower by image count, each built once. */
    private static final ReasonTexts NO_VISION_TOWER = new ReasonTexts(128);
    /** {@link #problem}'s texts of a context past a model's maximum, each built once. */
    private static final ReasonTexts CONTEXT_EXCEEDS_MODEL = new ReasonTexts(128);

    /** The shape under llama.cpp's context default (every system but the PowerInfer fork). */
    public static RequestShape of(Workload w, Calibration c) {
        return of(w, ContextSize.llamaCppDefault(w.model(), c.runtime()));
    }

    /** The shape under the PowerInfer fork's context default (512 tokens, 2048 with an image). */
    public static RequestShape forkOf(Workload w, Calibration c) {
        return of(w, ContextSize.forkDefault(w.images() > 0 && w.model().vision() != null, c.runtime()));
    }

    private static RequestShape of(Workload w, int runtimeDefaultContext) {
        VisionSpec v = w.model().vision();
        ImagePlan plan = v != null && w.images() > 0 ? v.plan(w.imageWidth(), w.imageHeight()) : ImagePlan.NONE;
        int imageTokens = w.images() * plan.llmTokens();
        int prompt = w.promptTokens() + imageTokens;
        int context = w.kvDepthTokens() + prompt + w.generatedTokens();
        return new RequestShape(w, plan, imageTokens, prompt, context,
                ContextSize.reserved(w.contextSize(), context, w.batch(), runtimeDefaultContext));
    }

    public int batch() {
        return workload.batch();
    }

    public int generatedTokens() {
        return workload.generatedTokens();
    }

    private ModelSpec model() {
        return workload.model();
    }

    private Precision precision() {
        return workload.precision();
    }

    /** Why this workload cannot run at all, whatever the system; empty when it can. */
    public String problem() {
        ModelSpec m = model();
        if (workload.images() > 0 && m.vision() == null) {
            return NO_VISION_TOWER.text(m, workload.images(),
                    (model, images) -> "model " + model.key() + " has no vision tower but the request has " + images
                            + " images");
        }
        if (promptTokens < 1) {
            return EMPTY_PROMPT;
        }
        if (contextTokens > m.maxContext()) {
            return CONTEXT_EXCEEDS_MODEL.text(m, contextTokens,
                    (model, context) -> "context " + context + " tokens exceeds the model's maximum of "
                            + model.maxContext());
        }
        int needed = ContextSize.batchTokens(batch(), contextTokens);
        if (needed > reservedContextTokens) {
            return "batch " + batch() + " x context " + contextTokens
                    + " tokens (prompt, image tokens and generated) = " + needed
                    + " KV cells exceeds the context_size (n_ctx) of " + reservedContextTokens
                    + " tokens the runtime reserves for the whole batch";
        }
        if (Double.isNaN(workload.platform().gpu().peak().forPrecision(precision()))
                || Double.isNaN(workload.platform().gpu().bandwidthBytesPerSecond())) {
            return "the catalog knows no peak FLOP/s or bandwidth of " + workload.platform().gpu().key();
        }
        return "";
    }

    /** One decoder layer of the prefill, the mean over the layers before and after pruning. */
    public Op[] prefillLayer() {
        if (prunedLayers() == 0) {
            return prefillLayerOf(promptTokens);
        }
        return byLayerGroup(prefillLayerOf(promptTokens), prefillLayerOf(prunedPromptTokens()));
    }

    /**
     * One decoder layer of the prefill over a prompt of {@code tokens} on top of the cache's {@link #kvDepth}: a layer
     * before pruning, or after it.
     */
    public Op[] prefillLayerOf(int tokens) {
        return Transformer.decoderLayer(model(), precision(), new Pass(batch(), tokens, kvDepth()),
                workload.flashAttention());
    }

    /** Tokens each sequence holds in its KV cache before the prompt ({@link Workload#kvDepthTokens}). */
    public int kvDepth() {
        return workload.kvDepthTokens();
    }

    /** Image tokens of each prompt that the layers after {@code prune_after_layer} keep (all without pruning). */
    public int keptImageTokens() {
        return (int) Math.round(workload.tokens().imageTokenKeep() * imageTokens);
    }

    /** Tokens of each prompt in the layers after pruning: the text and the kept image tokens. */
    public int prunedPromptTokens() {
        return promptTokens - imageTokens + keptImageTokens();
    }

    /** Layers that run only the kept image tokens: those after {@code prune_after_layer}, when any are dropped. */
    public int prunedLayers() {
        int layers = model().numLayers();
        int k = workload.tokens().pruneAfterLayer();
        return keptImageTokens() < imageTokens && k < layers ? layers - k : 0;
    }

    /** Share of the decoder's layers that run every token. */
    public double fullLayerShare() {
        return 1 - (double) prunedLayers() / model().numLayers();
    }

    /**
     * The prefill's tokens in a layer before pruning ({@code pruned} false) or after it, as the FFN's sparsity sees
     * them: text tokens under the text's activation law, image tokens under theirs, one prompt per sequence of the
     * batch, correlated to the sweep's {@code token_correlation}.
     */
    public PromptMix promptMix(boolean pruned) {
        return new PromptMix(workload.activation(), workload.promptTokens(), workload.imageActivation(),
                pruned ? keptImageTokens() : imageTokens, workload.tokens().tokenCorrelation(), batch());
    }

    /** Tokens a layer's prefill runs, the mean over the layers before and after pruning (link and predictor work). */
    public double meanPrefillTokensPerLayer() {
        double full = (double) batch() * promptTokens;
        if (prunedLayers() == 0) {
            return full;
        }
        double share = fullLayerShare();
        return share * full + (1 - share) * batch() * prunedPromptTokens();
    }

    /** The two groups' graphs of one op list, each op scaled by its group's share of the layers. */
    private Op[] byLayerGroup(Op[] full, Op[] pruned) {
        double share = fullLayerShare();
        Op[] out = new Op[full.length + pruned.length];
        for (int i = 0; i < full.length; i++) {
            out[i] = full[i].scaled(share);
        }
        for (int i = 0; i < pruned.length; i++) {
            out[full.length + i] = pruned[i].scaled(1 - share);
        }
        return out;
    }

    public Op[] prefillHead() {
        return Transformer.head(model(), precision(), Pass.prefill(batch(), promptTokens));
    }

    /** A decode layer at {@code step} steps after the prompt (context = KV depth + prompt + step). */
    public Op[] decodeLayer(int step) {
        Op[] full = Transformer.decoderLayer(model(), precision(),
                Pass.decode(batch(), kvDepth() + promptTokens + step), workload.flashAttention());
        if (prunedLayers() == 0) {
            return full;
        }
        return byLayerGroup(full, Transformer.decoderLayer(model(), precision(),
                Pass.decode(batch(), kvDepth() + prunedPromptTokens() + step), workload.flashAttention()));
    }

    /** The attention ops of {@link #decodeLayer}({@code step}): all of it that grows with the context. */
    public Op[] decodeAttention(int step) {
        Op[] full = Transformer.attention(model(), precision(),
                Pass.decode(batch(), kvDepth() + promptTokens + step), workload.flashAttention());
        if (prunedLayers() == 0) {
            return full;
        }
        return byLayerGroup(full, Transformer.attention(model(), precision(),
                Pass.decode(batch(), kvDepth() + prunedPromptTokens() + step), workload.flashAttention()));
    }

    public Op[] decodeHead() {
        return Transformer.head(model(), precision(), Pass.decode(batch(), promptTokens));
    }

    /** Decode steps after the prefill: G tokens need G-1 (the prefill yields the first). */
    public int decodeSteps() {
        return generatedTokens() - 1;
    }

    /** Vision tower and projector weights (FP16), zero for text-only models. */
    public double visionWeightBytes() {
        VisionSpec v = model().vision();
        return v == null ? 0 : v.parameters() * Precision.FP16.weightBytes();
    }

    /** Whether the request has images for the model's vision tower to encode. */
    public boolean hasImages() {
        return model().vision() != null && workload.images() > 0;
    }

    /** Encoder views of every image of the batch (an image is one view, or a base view and its tiles). */
    public int visionViews() {
        return hasImages() ? batch() * workload.images() * image.views() : 0;
    }

    /** Patches (and class token) the encoder runs per view. */
    public int visionTokensPerView() {
        return image.tokensPerView();
    }

    /**
     * One layer of the vision encoder over every view of every image of the batch, as a runtime of today runs it:
     * its attention fused where the workload runs FlashAttention.
     */
    public Op[] visionEncoderLayer() {
        return visionEncoderLayer(true);
    }

    /**
     * The same layer as a build whose CLIP graph can fuse attention ({@code buildFuses}; llama.cpp from PR #16837
     * on, {@link org.roofsweep.core.hardware.VisionPath#fusedAttention}) or cannot: fused only where both the build
     * and the workload's FlashAttention setting allow it (mtmd takes its flash-attention setting from the run's).
     */
    public Op[] visionEncoderLayer(boolean buildFuses) {
        return Transformer.encoderLayer(model().vision(), visionViews(), image.tokensPerView(),
                buildFuses && workload.flashAttention());
    }

    /** The projector from the vision encoder to the language model, over every image token of the batch. */
    public Op[] visionProjector() {
        return Transformer.projector(model().vision(), (double) batch() * imageTokens);
    }

    /** Weights of the language model at the deployment's bit width. */
    public double languageModelWeightBytes() {
        return model().languageModelParameters() * precision().weightBytes();
    }

    /**
     * KV cache of one layer (averaged over sliding and full layers, and over the layers before and after pruning)
     * for the whole batch: the n_ctx cells the runtime reserves up front for all its sequences together
     * (llama_kv_cache_init allocates them before the first token; {@link ContextSize}); the layers after pruning
     * never hold the dropped image tokens of any sequence, so they reserve B x that many cells fewer. A full-attention
     * layer holds the n_ctx cells; a sliding one at most its window of each sequence's n_ctx / B
     * ({@code n_ctx_per_seq}), hence B x the per-layer bytes of one sequence of n_ctx / B.
     */
    public double kvBytesPerLayer() {
        double full = batch() * model().kvBytesPerLayer((double) reservedContextTokens / batch(), precision());
        if (prunedLayers() == 0) {
            return full;
        }
        double perSequence = (double) reservedContextTokens / batch() - imageTokens + keptImageTokens();
        double pruned = batch() * model().kvBytesPerLayer(perSequence, precision());
        double share = fullLayerShare();
        return share * full + (1 - share) * pruned;
    }

    /**
     * Working memory of the language model and, with images, of the vision encoder's graph, whose compute buffer
     * llama.cpp's mtmd/CLIP context allocates beside the LLM's ({@link #llmActivationBytes},
     * {@link #visionActivationBytes}).
     */
    public double activationBytes(Calibration c) {
        return llmActivationBytes(c) + visionActivationBytes();
    }

    /**
     * Peak working memory of the vision encoder over one view, FP32 as the CLIP graph computes (views are encoded
     * one after another and the graph allocator reuses buffers across layers): the larger of the attention peak, the
     * residual stream, Q, K and V (4 P d) with the scores (H P^2 when FlashAttention is off; clip.cpp takes their
     * softmax in place, ggml_soft_max_inplace), and the MLP peak, residual, normed input, fc1 output and its
     * activation (2 P d + 2 P n_ff); P the view's patches, d the width, H the heads, n_ff the MLP width. Zero without
     * images. Check: ollama issue #2706 logs "compute allocated memory: 32.89 MB" for LLaVA-1.6's CLIP ViT-L/14-336
     * under CUDA; this gives 30.8 MB for its 577-token view (-6.5%).
     */
    public double visionActivationBytes() {
        if (!hasImages()) {
            return 0;
        }
        VisionSpec v = model().vision();
        double p = image.tokensPerView();
        double d = v.hiddenSize();
        double scores = workload.flashAttention() ? 0 : v.numHeads() * p * p;
        double attention = 4 * p * d + scores;
        double mlp = 2 * p * d + 2 * p * v.intermediateSize();
        return Math.max(attention, mlp) * Units.FP32_BYTES;
    }

    /**
     * Peak activation memory of the language model: the largest pass is one prompt chunk of at most a physical
     * batch (llama.cpp processes prompts in ubatches). It holds the hidden state, Q, K, V and the FFN's
     * intermediate(s) of one layer, the scores when FlashAttention is off, and the FP32 logits.
     */
    public double llmActivationBytes(Calibration c) {
        ModelSpec m = model();
        double chunk = Math.min((double) batch() * promptTokens, c.runtime().ubatchTokens());
        chunk = Math.max(chunk, batch());
        double perToken = 2.0 * m.hiddenSize() + m.qDim() + m.kvElementsPerTokenPerLayer()
                + (m.gatedMlp() ? 2.0 : 1.0) * m.intermediateSize() * m.moe().expertsPerToken();
        double scores = workload.flashAttention() ? 0
                : chunk * m.numAttentionHeads() * (double) contextTokens * precision().activationBytes();
        double logits = batch() * (double) m.vocabSize() * Units.FP32_BYTES;
        return chunk * perToken * precision().activationBytes() + scores + logits;
    }
}
