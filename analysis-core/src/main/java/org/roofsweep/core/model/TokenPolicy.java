package org.roofsweep.core.model;

import java.util.List;

/**
 * How an image becomes LLM tokens. FIXED: resized to the encoder's input (LLaVA-1.5: 576 tokens; MobileVLM's
 * downsampling projector then keeps 1 in merge^2). ANYRES: a base view plus the tiles of the best grid (LLaVA-NeXT).
 * DYNAMIC: native resolution in multiples of patch x merge, (H/28)(W/28) tokens (Qwen2-VL), clamped to
 * [minTokens, maxTokens]. TILES: InternVL's dynamic tiles: the grid of at most {@code maxTiles} tiles closest to the
 * image's aspect ratio, plus a thumbnail view when there is more than one tile. SLICES: MiniCPM-V's slicing: the
 * grid of about (W x H / image_size^2) slices (at most {@code maxTiles}) closest to the aspect ratio, plus the whole
 * image, each view yielding {@code tokensPerView} resampler queries. ROWS: Pixtral: native resolution with the longer
 * side capped at image_size, one token per patch plus one break token per row of patches.
 */
public record TokenPolicy(Kind kind, int maxTiles, List<int[]> tileGrids, int minTokens, int maxTokens,
        int tokensPerView, String source) implements java.io.Serializable {
    public enum Kind { FIXED, ANYRES, DYNAMIC, TILES, SLICES, ROWS }

    public TokenPolicy {
        tileGrids = List.copyOf(tileGrids);
    }

    /** A policy whose views yield patches / merge^2 tokens (every kind but SLICES). */
    public TokenPolicy(Kind kind, int maxTiles, List<int[]> tileGrids, int minTokens, int maxTokens, String source) {
        this(kind, maxTiles, tileGrids, minTokens, maxTokens, 0, source);
    }
}
