package org.roofsweep.core.model;

import java.util.List;

/**
 * How a model's layers attend, beyond plain multi-head/grouped-query attention: {@code slidingLayers} of the layers
 * attend only to the last {@code slidingWindow} tokens (Mistral-7B-v0.1 all of them; Gemma 2 and gpt-oss every other
 * layer; Gemma 3 five of every six), MLA replaces the K/V projections and cache (null: none), and
 * {@code unmodelled} names what the architecture does that the operator graph leaves out, reported on load.
 */
public record AttentionLayout(int slidingWindow, int slidingLayers, MlaSpec mla, List<String> unmodelled)
        implements java.io.Serializable {
    /** Every layer attends to the whole context; nothing left out. */
    public static final AttentionLayout FULL = new AttentionLayout(0, 0, null, List.of());

    public AttentionLayout {
        unmodelled = List.copyOf(unmodelled);
        if (slidingWindow < 0 || slidingLayers < 0 || (slidingLayers > 0 && slidingWindow == 0)) {
            throw new IllegalArgumentException("bad sliding window " + slidingWindow + " over " + slidingLayers
                    + " layers");
        }
    }

    /**
     * Tokens of a context of {@code contextTokens} that one layer keeps and reads, averaged over {@code layers}: the
     * whole context in full-attention layers, at most the window in sliding ones.
     */
    public double meanAttendedTokens(double contextTokens, int layers) {
        if (slidingLayers == 0) {
            return contextTokens;
        }
        double windowed = Math.min(contextTokens, slidingWindow);
        return ((layers - slidingLayers) * contextTokens + slidingLayers * windowed) / layers;
    }
}
