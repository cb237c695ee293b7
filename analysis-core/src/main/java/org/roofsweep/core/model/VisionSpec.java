package org.roofsweep.core.model;

/**
 * A ViT vision tower with its projector and image-token policy. {@code layersUsed} is how many encoder layers run
 * (LLaVA takes the features of layer -2, so 23 of CLIP-L's 24). {@code gatedMlp}: the encoder MLP has a gate matrix
 * beside its up matrix (Qwen2.5-VL's and Pixtral's SwiGLU: 3 matrices of hidden x intermediate, not 2).
 */
public record VisionSpec(
        String name,
        String source,
        int numLayers,
        int layersUsed,
        int hiddenSize,
        int numHeads,
        int intermediateSize,
        Activation activation,
        int patchSize,
        int imageSize,
        boolean classToken,
        ProjectorSpec projector,
        TokenPolicy tokenPolicy,
        boolean gatedMlp) implements java.io.Serializable {

    /** A tower with the plain two-matrix MLP (CLIP, SigLIP, InternViT). */
    public VisionSpec(String name, String source, int numLayers, int layersUsed, int hiddenSize, int numHeads,
            int intermediateSize, Activation activation, int patchSize, int imageSize, boolean classToken,
            ProjectorSpec projector, TokenPolicy tokenPolicy) {
        this(name, source, numLayers, layersUsed, hiddenSize, numHeads, intermediateSize, activation, patchSize,
                imageSize, classToken, projector, tokenPolicy, false);
    }

    /** Encoder parameters of the layers that run plus the projector (patch embedding and norms included). */
    public double parameters() {
        double d = hiddenSize;
        double perLayer = 4 * d * d + mlpMatrices() * d * intermediateSize + 4 * d;
        double patchEmbed = 3.0 * patchSize * patchSize * d + positions() * d;
        return layersUsed * perLayer + patchEmbed + projector.parameters();
    }

    /** Matrices of hidden x intermediate in each encoder MLP: up and down, and a gate when gated. */
    public int mlpMatrices() {
        return gatedMlp ? 3 : 2;
    }

    private int positions() {
        int side = imageSize / patchSize;
        return side * side + (classToken ? 1 : 0);
    }

    /**
     * The encoder views and LLM tokens of one image of {@code width} x {@code height} pixels, as llama.cpp's mtmd
     * preprocesses it ({@link ImageViews}).
     */
    public ImagePlan plan(int width, int height) {
        int side = imageSize / patchSize;
        int baseTokens = side * side;
        int perView = baseTokens + (classToken ? 1 : 0);
        return switch (tokenPolicy.kind()) {
            case FIXED -> new ImagePlan(1, perView, baseTokens / (projector.merge() * projector.merge()));
            case ANYRES -> ImageViews.pinpoints(this, tokenPolicy.tileGrids(), width, height);
            case DYNAMIC -> ImageViews.dynamic(this, width, height);
            case TILES -> ImageViews.pinpoints(this, tokenPolicy.tileGrids(), width, height);
            case SLICES -> ImageViews.slices(this, width, height);
            case ROWS -> ImageViews.rows(this, width, height);
        };
    }
}
