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

    /** The encoder views and LLM tokens of one image of {@code width} x {@code height} pixels. */
    public ImagePlan plan(int width, int height) {
        int side = imageSize / patchSize;
        int baseTokens = side * side;
        int perView = baseTokens + (classToken ? 1 : 0);
        return switch (tokenPolicy.kind()) {
            case FIXED -> new ImagePlan(1, perView, baseTokens / (projector.merge() * projector.merge()));
            case ANYRES -> {
                int tiles = Math.min(tokenPolicy.maxTiles(), bestGridTiles(width, height));
                yield new ImagePlan(1 + tiles, perView, (1 + tiles) * baseTokens);
            }
            case DYNAMIC -> dynamicPlan(width, height);
            case TILES -> ImageViews.tiles(this, width, height);
            case SLICES -> ImageViews.slices(this, width, height);
            case ROWS -> ImageViews.rows(this, width, height);
        };
    }

    /**
     * LLaVA-NeXT's select_best_resolution: the grid whose resolution keeps the most of the image's pixels after an
     * aspect-preserving downscale, ties broken by the least padding. Grids are [columns, rows] of tiles.
     */
    private int bestGridTiles(int width, int height) {
        double bestEffective = -1;
        double bestWaste = Double.MAX_VALUE;
        int bestTiles = 0;
        for (int[] g : tokenPolicy.tileGrids()) {
            double w = (double) g[0] * imageSize;
            double h = (double) g[1] * imageSize;
            double scale = Math.min(w / width, h / height);
            double effective = Math.min(width * scale * height * scale, (double) width * height);
            double waste = w * h - effective;
            if (effective > bestEffective || (effective == bestEffective && waste < bestWaste)) {
                bestEffective = effective;
                bestWaste = waste;
                bestTiles = g[0] * g[1];
            }
        }
        return bestTiles;
    }

    /** Qwen2-VL: round each side to a multiple of patch x merge, then scale to keep tokens within bounds. */
    private ImagePlan dynamicPlan(int width, int height) {
        int unit = patchSize * projector.merge();
        double w = Math.max(unit, Math.round((double) width / unit) * (double) unit);
        double h = Math.max(unit, Math.round((double) height / unit) * (double) unit);
        double tokens = (w / unit) * (h / unit);
        if (tokenPolicy.maxTokens() > 0 && tokens > tokenPolicy.maxTokens()) {
            double f = Math.sqrt(tokens / tokenPolicy.maxTokens());
            w = Math.max(unit, Math.floor(width / f / unit) * unit);
            h = Math.max(unit, Math.floor(height / f / unit) * unit);
            tokens = (w / unit) * (h / unit);
        }
        if (tokens < tokenPolicy.minTokens()) {
            tokens = tokenPolicy.minTokens();
        }
        int llm = (int) tokens;
        int merge2 = projector.merge() * projector.merge();
        return new ImagePlan(1, llm * merge2 + (classToken ? 1 : 0), llm);
    }
}
