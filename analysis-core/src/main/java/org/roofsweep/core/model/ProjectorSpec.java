package org.roofsweep.core.model;

/**
 * The vision-to-language projector: two linear layers {@code input -> hidden -> output} with a GELU between (LLaVA's
 * {@code mlp2x_gelu}, Qwen2-VL's patch merger). {@code merge} is the side of the square of encoder patches folded into
 * one LLM token (1 for LLaVA, 2 for Qwen2-VL).
 */
public record ProjectorSpec(String kind, int inputSize, int hiddenSize, int outputSize, int merge, String source) implements java.io.Serializable {
    public double parameters() {
        return (double) inputSize * hiddenSize + hiddenSize + (double) hiddenSize * outputSize + outputSize;
    }
}
