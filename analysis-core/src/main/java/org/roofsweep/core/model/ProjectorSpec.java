package org.roofsweep.core.model;

/**
 * The vision-to-language projector: two linear layers {@code input -> hidden -> output} with a GELU between (LLaVA's
 * {@code mlp2x_gelu}, Qwen2-VL's patch merger), or, for kind {@code linear}, one matrix {@code input -> output}
 * (Gemma 3's projector after its 4x4 average pooling; {@code hiddenSize} is then unused). {@code merge} is the side of
 * the square of encoder patches folded into one LLM token (1 for LLaVA, 2 for Qwen2-VL, 4 for Gemma 3's pooling).
 */
public record ProjectorSpec(String kind, int inputSize, int hiddenSize, int outputSize, int merge, String source) implements java.io.Serializable {
    /** The one-matrix kind. */
    public static final String LINEAR = "linear";

    public boolean linear() {
        return LINEAR.equals(kind);
    }

    public double parameters() {
        if (linear()) {
            return (double) inputSize * outputSize;
        }
        return (double) inputSize * hiddenSize + hiddenSize + (double) hiddenSize * outputSize + outputSize;
    }
}
