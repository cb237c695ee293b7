package org.roofsweep.core.model;

import java.util.List;

/**
 * How an image becomes LLM tokens. FIXED: resized to the encoder's input (LLaVA-1.5: 576 tokens). ANYRES: a base
 * view plus the tiles of the best grid (LLaVA-NeXT). DYNAMIC: native resolution in multiples of patch x merge,
 * (H/28)(W/28) tokens (Qwen2-VL), clamped to [minTokens, maxTokens].
 */
public record TokenPolicy(Kind kind, int maxTiles, List<int[]> tileGrids, int minTokens, int maxTokens, String source) implements java.io.Serializable {
    public enum Kind { FIXED, ANYRES, DYNAMIC }

    public TokenPolicy {
        tileGrids = List.copyOf(tileGrids);
    }
}
