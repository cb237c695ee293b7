package org.roofsweep.core.model;

import java.util.List;

/**
 * How an image becomes LLM tokens, as llama.cpp's mtmd preprocesses it. FIXED: resized to the encoder's input
 * (LLaVA-1.5: 576 tokens; MobileVLM's downsampling projector and Gemma 3's pooling then keep 1 in merge^2). ANYRES:
 * LLaVA-UHD slicing on the pinpoint {@code tileGrids} (LLaVA-1.6): an image larger than image_size on a side is an
 * overview plus the tiles of the best-fitting grid, a smaller one the overview alone. DYNAMIC: smart resize to
 * multiples of patch x merge within [minTokens, maxTokens] tokens, (H/28)(W/28) tokens (Qwen2-VL/2.5-VL). TILES:
 * InternVL's dynamic tiles as mtmd slices them: ANYRES on every grid of at most {@code maxTiles} tiles (filled in
 * here when the file lists none), the thumbnail last. SLICES: MiniCPM-V's slicing: the grid of about
 * (W x H / image_size^2) slices (at most {@code maxTiles}) closest to the aspect ratio, plus the whole image, each
 * view yielding {@code tokensPerView} resampler queries. ROWS: Pixtral: smart resize to 16 px patches within
 * [minTokens, maxTokens] patches (or, with no bounds, the longer side at image_size), one token per patch plus one
 * break token per row of patches.
 */
public record TokenPolicy(Kind kind, int maxTiles, List<int[]> tileGrids, int minTokens, int maxTokens,
        int tokensPerView, String source) implements java.io.Serializable {
    public enum Kind { FIXED, ANYRES, DYNAMIC, TILES, SLICES, ROWS }

    public TokenPolicy {
        tileGrids = kind == Kind.TILES && tileGrids.isEmpty() ? ImageViews.internVlGrids(maxTiles)
                : List.copyOf(tileGrids);
    }

    /** A policy whose views yield patches / merge^2 tokens (every kind but SLICES). */
    public TokenPolicy(Kind kind, int maxTiles, List<int[]> tileGrids, int minTokens, int maxTokens, String source) {
        this(kind, maxTiles, tileGrids, minTokens, maxTokens, 0, source);
    }
}
