package org.roofsweep.core.model;

import java.util.List;

/**
 * A decoder-only transformer (optionally with a vision tower), shaped as its Hugging Face config.json says.
 * {@code intermediateSize} is per expert for MoE models. {@code sparsity} is null for models without published
 * activation sparsity; {@code vision} is null for text-only models.
 */
public record ModelSpec(
        String key,
        String name,
        List<String> aliases,
        String hfRepo,
        String source,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numAttentionHeads,
        int numKvHeads,
        int headDim,
        int vocabSize,
        int maxContext,
        Activation activation,
        boolean gatedMlp,
        boolean tiedEmbeddings,
        MoeSpec moe,
        SparsityProfile sparsity,
        VisionSpec vision,
        boolean hypothetical,
        AttentionLayout attention) implements java.io.Serializable {

    public ModelSpec {
        aliases = List.copyOf(aliases);
        if (moe == null) {
            moe = MoeSpec.DENSE;
        }
        if (attention == null) {
            attention = AttentionLayout.FULL;
        }
    }

    /** A model whose layers all attend to the whole context with plain (grouped-query) attention. */
    public ModelSpec(String key, String name, List<String> aliases, String hfRepo, String source, int hiddenSize,
            int intermediateSize, int numLayers, int numAttentionHeads, int numKvHeads, int headDim, int vocabSize,
            int maxContext, Activation activation, boolean gatedMlp, boolean tiedEmbeddings, MoeSpec moe,
            SparsityProfile sparsity, VisionSpec vision, boolean hypothetical) {
        this(key, name, aliases, hfRepo, source, hiddenSize, intermediateSize, numLayers, numAttentionHeads,
                numKvHeads, headDim, vocabSize, maxContext, activation, gatedMlp, tiedEmbeddings, moe, sparsity, vision,
                hypothetical, AttentionLayout.FULL);
    }

    /**
     * The same model with another maximum context: a run measured past the trained context (llama.cpp warns that
     * n_ctx_per_seq exceeds n_ctx_train and runs; its speed does not depend on the limit).
     */
    public ModelSpec withMaxContext(int tokens) {
        return new ModelSpec(key, name, aliases, hfRepo, source, hiddenSize, intermediateSize, numLayers,
                numAttentionHeads, numKvHeads, headDim, vocabSize, tokens, activation, gatedMlp, tiedEmbeddings, moe,
                sparsity, vision, hypothetical, attention);
    }

    public double qDim() {
        return (double) numAttentionHeads * headDim;
    }

    public double kvDim() {
        return (double) numKvHeads * headDim;
    }

    /** Elements one token adds to one layer's KV cache: K and V of every KV head, or MLA's latent and rotary key. */
    public double kvElementsPerTokenPerLayer() {
        MlaSpec mla = attention.mla();
        return mla != null ? mla.cachedElementsPerToken() : 2 * kvDim();
    }

    /** Q, K, V and O projection weights of one layer (MLA: its query, latent and output projections). */
    public double attentionParametersPerLayer() {
        if (attention.mla() != null) {
            return attention.mla().parameters(hiddenSize, numAttentionHeads);
        }
        double d = hiddenSize;
        return d * qDim() + 2 * d * kvDim() + qDim() * d;
    }

    /** Matrices per FFN neuron: gate, up and down (3) or up and down (2). */
    public int matricesPerNeuron() {
        return gatedMlp ? 3 : 2;
    }

    /** FFN weights of one expert of one layer. */
    public double ffnParametersPerExpert() {
        return (double) matricesPerNeuron() * hiddenSize * intermediateSize;
    }

    /** FFN weights of one MoE layer: all routed experts, the shared experts and the router (a dense model's FFN). */
    public double moeLayerFfnParameters() {
        double router = moe.isMoe() ? (double) hiddenSize * moe.numExperts() : 0;
        double shared = (double) matricesPerNeuron() * hiddenSize * moe.sharedIntermediateSize();
        return moe.numExperts() * ffnParametersPerExpert() + shared + router;
    }

    /**
     * FFN weights of one layer, averaged over the layers: MoE layers ({@link #moeLayerFfnParameters}) and the dense
     * FFN of the first {@code denseLayers}. Times {@code numLayers} it is the exact total.
     */
    public double ffnParametersPerLayer() {
        int dense = moe.denseLayers();
        double denseFfn = (double) matricesPerNeuron() * hiddenSize * moe.denseIntermediateSize();
        return ((numLayers - dense) * moeLayerFfnParameters() + dense * denseFfn) / numLayers;
    }

    /** Norm weights of one layer (two RMSNorm/LayerNorm vectors). */
    public double normParametersPerLayer() {
        return 2.0 * hiddenSize;
    }

    public double parametersPerLayer() {
        return attentionParametersPerLayer() + ffnParametersPerLayer() + normParametersPerLayer();
    }

    public double embeddingParameters() {
        return (double) vocabSize * hiddenSize;
    }

    /** LM head parameters; a tied head shares the embedding's storage. */
    public double lmHeadParameters() {
        return (double) vocabSize * hiddenSize;
    }

    /** Parameters stored for the language model (a tied head counted once) plus the final norm. */
    public double languageModelParameters() {
        double head = tiedEmbeddings ? 0 : lmHeadParameters();
        return numLayers * parametersPerLayer() + embeddingParameters() + head + hiddenSize;
    }

    /**
     * Parameters one token computes with: all stored ones but the routed experts it does not pick, (E - k) experts
     * in each MoE layer. The embedding and the head are counted, as model cards count "active" parameters.
     */
    public double activeParameters() {
        double idle = (double) moe.moeLayers(numLayers) * (moe.numExperts() - moe.expertsPerToken())
                * ffnParametersPerExpert();
        return languageModelParameters() - idle;
    }

    /** FFN neurons of all layers and experts. */
    public double ffnNeurons() {
        return (double) numLayers * moe.numExperts() * intermediateSize;
    }

    /** KV-cache bytes one token adds across all layers while the context is shorter than any window. */
    public double kvBytesPerToken(Precision p) {
        return numLayers * kvElementsPerTokenPerLayer() * p.kvBytes();
    }

    /**
     * KV-cache bytes of one sequence of {@code contextTokens} in one layer, averaged over the layers: a sliding
     * layer keeps only its window (arXiv 2310.06825 Sec. 2, rolling buffer cache).
     */
    public double kvBytesPerLayer(double contextTokens, Precision p) {
        return attention.meanAttendedTokens(contextTokens, numLayers) * kvElementsPerTokenPerLayer() * p.kvBytes();
    }

    public boolean multimodal() {
        return vision != null;
    }
}
