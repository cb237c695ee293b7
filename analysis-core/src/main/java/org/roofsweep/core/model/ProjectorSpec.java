package org.roofsweep.core.model;

/**
 * The vision-to-language projector: two linear layers {@code input -> hidden -> output} with a GELU between (LLaVA's
 * {@code mlp2x_gelu}, Qwen2-VL's patch merger), or, for kind {@code linear}, one matrix {@code input -> output}
 * (Gemma 3's projector after its 4x4 average pooling; {@code hiddenSize} is then unused), or, for kind
 * {@code resampler}, MiniCPM-V's perceiver resampler: a K/V projection {@code input -> output} of every patch, one
 * cross-attention layer (Q, K, V and output matrices of {@code output^2}) from learned queries, and a final
 * {@code output -> output} projection ({@code hiddenSize} is the attention width, equal to the output). {@code merge}
 * is the side of the square of encoder patches folded into one LLM token (1 for LLaVA, 2 for Qwen2-VL, InternVL's
 * pixel shuffle and MobileVLM's downsampling, 4 for Gemma 3's pooling).
 */
public record ProjectorSpec(String kind, int inputSize, int hiddenSize, int outputSize, int merge, String source) implements java.io.Serializable {
    /** The one-matrix kind. */
    public static final String LINEAR = "linear";
    /** The cross-attention kind. */
    public static final String RESAMPLER = "resampler";

    public boolean linear() {
        return LINEAR.equals(kind);
    }

    public boolean resampler() {
        return RESAMPLER.equals(kind);
    }

    /**
     * Whether the two linear layers run over every encoder patch and the merge comes after them: MobileVLM's LDP and
     * LDPv2 ({@code ldpnet}, {@code ldpnetv2}), whose MLP llama.cpp's CLIP graph applies to all 24 x 24 = 576
     * patches before the stride-2 block or the 2 x 2 average pooling (clip.cpp's PROJECTOR_TYPE_LDP/LDPV2 branch:
     * "mlp_3 shape = [1, 576, 2048]"), not to the 144 tokens that leave it.
     */
    public boolean mergesAfterMlp() {
        return kind.startsWith("ldpnet");
    }

    public double parameters() {
        if (linear()) {
            return (double) inputSize * outputSize;
        }
        if (resampler()) {
            // kv_proj input x output; attention in_proj (Q, K, V) and out_proj, 4 output^2; the final proj output^2
            return (double) inputSize * outputSize + 5.0 * outputSize * outputSize;
        }
        return (double) inputSize * hiddenSize + hiddenSize + (double) hiddenSize * outputSize + outputSize;
    }
}
