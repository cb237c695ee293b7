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
        boolean hypothetical) implements java.io.Serializable {

    public ModelSpec {
        aliases = List.copyOf(aliases);
        if (moe == null) {
            moe = MoeSpec.DENSE;
        }
    }

    public double qDim() {
        return (double) numAttentionHeads * headDim;
    }

    public double kvDim() {
        return (double) numKvHeads * headDim;
    }

    /** Q, K, V and O projection weights of one layer. */
    public double attentionParametersPerLayer() {
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

    /** FFN weights of one layer, all experts, plus the router. */
    public double ffnParametersPerLayer() {
        double router = moe.isMoe() ? (double) hiddenSize * moe.numExperts() : 0;
        return moe.numExperts() * ffnParametersPerExpert() + router;
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

    /** FFN neurons of all layers and experts. */
    public double ffnNeurons() {
        return (double) numLayers * moe.numExperts() * intermediateSize;
    }

    /** KV-cache bytes one token adds across all layers. */
    public double kvBytesPerToken(Precision p) {
        return 2.0 * numLayers * kvDim() * p.kvBytes();
    }

    public boolean multimodal() {
        return vision != null;
    }
}
