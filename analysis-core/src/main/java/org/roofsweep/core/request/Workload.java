package org.roofsweep.core.request;

import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.sparsity.NeuronActivation;
import org.roofsweep.core.model.Precision;

/**
 * One grid point: a model on a platform serving {@code batch} concurrent requests, each with a text prompt of
 * {@code promptTokens}, {@code images} images of {@code imageWidth} x {@code imageHeight} pixels, generating
 * {@code generatedTokens}. {@code sparsity} is the FFN activation sparsity to assume (NaN: the model's published
 * figure, or 0 if it has none). {@code gpuLayers} fixes layer-offload's GPU layer count (-1: as many as fit).
 * {@code activation} is the neuron activation law at that sparsity; pass null to have it built from the model's
 * published skew (a sweep passes the one it built once per model and sparsity). {@code moeCpuLayers} fixes how many
 * layers' routed experts moe-offload keeps in host memory (-1: the fewest that let the rest fit). {@code kvOffload}
 * keeps layer-offload's KV cache in host memory (llama.cpp {@code -nkvo}). {@code contextSize} is the KV cache's
 * context ({@code -c}, n_ctx), one total shared by the batch's sequences: a token count, {@link ContextSize#RUNTIME}
 * for the runtime's default or {@link ContextSize#REQUEST} for exactly B x the request's context (see
 * {@link ContextSize}). {@code tokens} holds the image-token axes ({@link TokenAssumptions}; null: their defaults)
 * and {@code imageActivation} the image tokens' activation law (null: built from them; the text's law where image
 * tokens are as sparse as text). {@code kvDepthTokens} is the tokens each sequence already holds in its KV cache when
 * the request starts (a conversation's earlier turns, llama-bench {@code -d N}): the prompt is processed on top of them
 * and every decode step attends to them too; 0 for a fresh request.
 */
public record Workload(
        ModelSpec model,
        Platform platform,
        int batch,
        int promptTokens,
        int generatedTokens,
        int images,
        int imageWidth,
        int imageHeight,
        double sparsity,
        Precision precision,
        int gpuLayers,
        boolean flashAttention,
        NeuronActivation activation,
        int moeCpuLayers,
        boolean kvOffload,
        int contextSize,
        TokenAssumptions tokens,
        NeuronActivation imageActivation,
        int kvDepthTokens) {

    /**
     * Skew for models without a published one: PowerInfer Fig. 5a, 43% of LLaMA(ReGLU)-70B's neurons carry 80% of
     * its activations (recalled from the paper, not verified: [R-M] in docs/powerinfer-facts.md Sec. 2.1), the less
     * skewed of the two published figures.
     */
    public static final double DEFAULT_HOT_FRACTION = 0.43;
    /**
     * Sparsity at which the default skew is met for models without a published profile: 0.9, the level of the
     * ReLU-fied models PowerInfer targets (ProSparse 89%, TurboSparse 90%; docs/powerinfer-facts.md Sec. 2.1).
     */
    public static final double REFERENCE_SPARSITY = 0.9;

    /** A request on an empty KV cache ({@code kvDepthTokens} 0). */
    public Workload(ModelSpec model, Platform platform, int batch, int promptTokens, int generatedTokens, int images,
            int imageWidth, int imageHeight, double sparsity, Precision precision, int gpuLayers,
            boolean flashAttention, NeuronActivation activation, int moeCpuLayers, boolean kvOffload, int contextSize,
            TokenAssumptions tokens, NeuronActivation imageActivation) {
        this(model, platform, batch, promptTokens, generatedTokens, images, imageWidth, imageHeight, sparsity,
                precision, gpuLayers, flashAttention, activation, moeCpuLayers, kvOffload, contextSize, tokens,
                imageActivation, 0);
    }

    public Workload {
        if (kvDepthTokens < 0) {
            throw new IllegalArgumentException("KV depth must be at least 0 tokens, found " + kvDepthTokens);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, found " + batch);
        }
        if (promptTokens < 0 || generatedTokens < 1 || images < 0) {
            throw new IllegalArgumentException(
                    "bad request shape " + promptTokens + "/" + generatedTokens + "/" + images);
        }
        if (!Double.isNaN(sparsity) && !(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + sparsity);
        }
        if (moeCpuLayers < -1) {
            throw new IllegalArgumentException("moe_cpu_layers must be -1 (auto) or at least 0, found " + moeCpuLayers);
        }
        if (contextSize < ContextSize.REQUEST) {
            throw new IllegalArgumentException("context_size must be a token count, RUNTIME (0) or REQUEST (-1), found "
                    + contextSize);
        }
        if (activation == null) {
            activation = activationOf(model, sparsity);
        }
        if (tokens == null) {
            tokens = TokenAssumptions.DEFAULT;
        }
        if (imageActivation == null) {
            imageActivation = Double.isNaN(tokens.imageSparsity()) ? activation
                    : activationOf(model, tokens.imageSparsity());
        }
    }

    /**
     * The activation law of a model at a sparsity (NaN: its own). Its exponent is the one that meets the model's
     * published skew at its published sparsity; a model without published sparsity takes the default skew at
     * {@link #REFERENCE_SPARSITY}. Other sparsities keep that exponent.
     */
    public static NeuronActivation activationOf(ModelSpec model, double sparsity) {
        double s = effectiveSparsity(model, sparsity);
        if (s == 0) {
            return NeuronActivation.DENSE;
        }
        double alpha = model.sparsity() == null ? NeuronActivation.exponentFor(REFERENCE_SPARSITY, DEFAULT_HOT_FRACTION)
                : NeuronActivation.exponentFor(model.sparsity().ffnSparsity(), model.sparsity().hotFractionFor80Pct());
        return NeuronActivation.withExponent(s, alpha);
    }

    /**
     * The sparsity the systems assume for a model and a sparsity setting: the setting, else (NaN) the model's
     * published figure, else 0.
     */
    public static double effectiveSparsity(ModelSpec model, double sparsity) {
        if (!Double.isNaN(sparsity)) {
            return sparsity;
        }
        return model.sparsity() == null ? 0 : model.sparsity().ffnSparsity();
    }

    /**
     * A text-only request at the model's own sparsity, FP16, FlashAttention on, offload chosen automatically, the KV
     * cache reserved for exactly the batch's context ({@link ContextSize#REQUEST}: B x (prompt + generated) cells in
     * all, as llama-bench sets n_ctx = prompt + generated for its one sequence).
     */
    public static Workload text(ModelSpec model, Platform platform, int batch, int prompt, int generated) {
        return new Workload(model, platform, batch, prompt, generated, 0, 0, 0, Double.NaN, Precision.FP16, -1, true,
                null, -1, false, ContextSize.REQUEST, null, null);
    }

    /** A builder starting from this workload: the way to change some of its components. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A new sparsity setting brings the activation law of that sparsity. */
    public Workload withSparsity(double s) {
        return toBuilder().sparsity(s).build();
    }

    public Workload withPrecision(Precision p) {
        return toBuilder().precision(p).build();
    }

    public Workload withGpuLayers(int n) {
        return toBuilder().gpuLayers(n).build();
    }

    public Workload withMoeCpuLayers(int n) {
        return toBuilder().moeCpuLayers(n).build();
    }

    public Workload withPlatform(Platform p) {
        return toBuilder().platform(p).build();
    }

    public Workload withBatch(int b) {
        return toBuilder().batch(b).build();
    }

    public Workload withPrompt(int prompt) {
        return toBuilder().promptTokens(prompt).build();
    }

    public Workload withImages(int n, int width, int height) {
        return toBuilder().images(n, width, height).build();
    }

    /** The sparsity the systems assume: the axis value, else the model's published figure, else 0. */
    public double effectiveSparsity() {
        return effectiveSparsity(model, sparsity);
    }

    /** The image tokens' sparsity the systems assume: the image axis value, else the text's. */
    public double effectiveImageSparsity() {
        return tokens.imageSparsityGiven(effectiveSparsity());
    }

    /** The components of a {@link Workload}, set one by one; {@link #build} validates them. */
    public static final class Builder {
        private ModelSpec model;
        private Platform platform;
        private int batch;
        private int promptTokens;
        private int generatedTokens;
        private int images;
        private int imageWidth;
        private int imageHeight;
        private double sparsity;
        private Precision precision;
        private int gpuLayers;
        private boolean flashAttention;
        private NeuronActivation activation;
        private int moeCpuLayers;
        private boolean kvOffload;
        private int contextSize;
        private TokenAssumptions tokens;
        private NeuronActivation imageActivation;
        private int kvDepthTokens;

        private Builder(Workload w) {
            model = w.model;
            platform = w.platform;
            batch = w.batch;
            promptTokens = w.promptTokens;
            generatedTokens = w.generatedTokens;
            images = w.images;
            imageWidth = w.imageWidth;
            imageHeight = w.imageHeight;
            sparsity = w.sparsity;
            precision = w.precision;
            gpuLayers = w.gpuLayers;
            flashAttention = w.flashAttention;
            activation = w.activation;
            moeCpuLayers = w.moeCpuLayers;
            kvOffload = w.kvOffload;
            contextSize = w.contextSize;
            tokens = w.tokens;
            imageActivation = w.imageActivation;
            kvDepthTokens = w.kvDepthTokens;
        }

        public Builder platform(Platform p) {
            platform = p;
            return this;
        }

        public Builder batch(int b) {
            batch = b;
            return this;
        }

        public Builder promptTokens(int n) {
            promptTokens = n;
            return this;
        }

        public Builder images(int n, int width, int height) {
            images = n;
            imageWidth = width;
            imageHeight = height;
            return this;
        }

        /** A sparsity setting (NaN: the model's own); the activation law is rebuilt for it. */
        public Builder sparsity(double s) {
            sparsity = s;
            activation = null;
            imageActivation = null;
            return this;
        }

        /** The image-token axes; the image tokens' activation law is rebuilt for them. */
        public Builder tokens(TokenAssumptions t) {
            tokens = t;
            imageActivation = null;
            return this;
        }

        public Builder precision(Precision p) {
            precision = p;
            return this;
        }

        /** Layer-offload's GPU layer count (-1: as many as fit). */
        public Builder gpuLayers(int n) {
            gpuLayers = n;
            return this;
        }

        public Builder flashAttention(boolean on) {
            flashAttention = on;
            return this;
        }

        /** Layers whose routed experts moe-offload keeps in host memory (-1: the fewest that let the rest fit). */
        public Builder moeCpuLayers(int n) {
            moeCpuLayers = n;
            return this;
        }

        /** Whether layer-offload keeps the KV cache in host memory ({@code -nkvo}). */
        public Builder kvOffload(boolean on) {
            kvOffload = on;
            return this;
        }

        /** The KV cache's context for the whole batch ({@link ContextSize}: tokens, RUNTIME or REQUEST). */
        public Builder contextSize(int tokens) {
            contextSize = tokens;
            return this;
        }

        /** Tokens each sequence already holds in its KV cache when the request starts. */
        public Builder kvDepthTokens(int n) {
            kvDepthTokens = n;
            return this;
        }

        public Workload build() {
            return new Workload(model, platform, batch, promptTokens, generatedTokens, images, imageWidth, imageHeight,
                    sparsity, precision, gpuLayers, flashAttention, activation, moeCpuLayers, kvOffload, contextSize,
                    tokens, imageActivation, kvDepthTokens);
        }
    }
}
