package org.roofsweep.core.request;

/**
 * What the sweep assumes about a prompt's tokens where nobody has measured it: the four image-token axes. Each is a
 * hypothesis the user sweeps, not a fact; {@link #DEFAULT} is what the model assumed before they existed, and at it
 * every number is today's.
 *
 * <ul>
 *   <li>{@code imageSparsity}: FFN activation sparsity of image tokens, apart from the text's (NaN: the text's, as
 *       before). CAPA (arXiv 2602.00247) finds the FFN work of visual tokens largely redundant in middle layers; no
 *       published figure gives its value.
 *   <li>{@code tokenCorrelation}: how far the tokens of one prompt share active neurons, from 0 (independent) to 1
 *       (each token's set is the prompt's); the union law is {@link org.roofsweep.core.sparsity.PromptMix}'s.
 *       CoreMatching (arXiv 2505.19235) finds "core neurons" shared across a VLM's tokens.
 *   <li>{@code imageTokenKeep}: the fraction of image tokens kept after layer {@code pruneAfterLayer} (FastV-style
 *       pruning, arXiv 2403.06764: every token up to layer K, the kept ones after it; EmbedLens, arXiv 2603.00510,
 *       finds about 60% of visual tokens carry image-specific meaning). FastV's own setting is K = 2.
 * </ul>
 */
public record TokenAssumptions(double imageSparsity, double tokenCorrelation, double imageTokenKeep,
        int pruneAfterLayer) implements java.io.Serializable {
    /** FastV's pruning layer (arXiv 2403.06764, Sec. 4: K = 2, R = 50%): the axis default, inert at keep 1. */
    public static final int FASTV_LAYER = 2;
    /** Image tokens as sparse as text, tokens independent, none pruned: the model before these axes. */
    public static final TokenAssumptions DEFAULT = new TokenAssumptions(Double.NaN, 0, 1, FASTV_LAYER);

    public TokenAssumptions {
        if (!Double.isNaN(imageSparsity) && !(imageSparsity >= 0 && imageSparsity < 1)) {
            throw new IllegalArgumentException("image_sparsity must lie in [0, 1), found " + imageSparsity);
        }
        if (!(tokenCorrelation >= 0 && tokenCorrelation <= 1)) {
            throw new IllegalArgumentException("token_correlation must lie in [0, 1], found " + tokenCorrelation);
        }
        if (!(imageTokenKeep > 0 && imageTokenKeep <= 1)) {
            throw new IllegalArgumentException("image_token_keep must lie in (0, 1], found " + imageTokenKeep);
        }
        if (pruneAfterLayer < 0) {
            throw new IllegalArgumentException("prune_after_layer must be at least 0, found " + pruneAfterLayer);
        }
    }

    /** The image tokens' sparsity given the text's: the setting, else (NaN) the text's. */
    public double imageSparsityGiven(double textSparsity) {
        return Double.isNaN(imageSparsity) ? textSparsity : imageSparsity;
    }
}
