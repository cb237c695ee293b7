package org.roofsweep.core.sweep;

import java.io.Serializable;
import java.util.List;
import org.roofsweep.core.request.TokenAssumptions;

/**
 * The values of the four image-token axes of a sweep ({@link TokenAssumptions}): {@code image_sparsity} (numbers in
 * [0, 1) or "model", NaN in the plan: the text's sparsity), {@code token_correlation} in [0, 1],
 * {@code image_token_keep} in (0, 1] and {@code prune_after_layer} (a layer count). Each absent axis is its default,
 * one value that leaves every number as it was before the axes existed.
 */
record ImageTokenAxes(List<Double> imageSparsity, List<Double> tokenCorrelation, List<Double> imageTokenKeep,
        List<Integer> pruneAfterLayer) implements Serializable {
    /** The smallest keep ratio a sweep may ask for: 0.1% of the image tokens. */
    private static final double MIN_KEEP = 0.001;
    private static final int MAX_LAYER = 100_000;

    ImageTokenAxes {
        imageSparsity = List.copyOf(imageSparsity);
        tokenCorrelation = List.copyOf(tokenCorrelation);
        imageTokenKeep = List.copyOf(imageTokenKeep);
        pruneAfterLayer = List.copyOf(pruneAfterLayer);
    }

    static ImageTokenAxes read(AxisReader r) {
        TokenAssumptions d = TokenAssumptions.DEFAULT;
        return new ImageTokenAxes(SweepConfigFile.sparsity(r, Axis.IMAGE_SPARSITY),
                r.numbers(Axis.TOKEN_CORRELATION, 0, 1, List.of(d.tokenCorrelation()), false),
                r.numbers(Axis.IMAGE_TOKEN_KEEP, MIN_KEEP, 1, List.of(d.imageTokenKeep()), false),
                r.integers(Axis.PRUNE_AFTER_LAYER, 0, MAX_LAYER, List.of(d.pruneAfterLayer())));
    }

    /** The assumptions at the axes' positions {@code d} (indexed by {@link Axis#ordinal}). */
    TokenAssumptions at(int[] d) {
        return new TokenAssumptions(imageSparsity.get(d[Axis.IMAGE_SPARSITY.ordinal()]),
                tokenCorrelation.get(d[Axis.TOKEN_CORRELATION.ordinal()]),
                imageTokenKeep.get(d[Axis.IMAGE_TOKEN_KEEP.ordinal()]),
                pruneAfterLayer.get(d[Axis.PRUNE_AFTER_LAYER.ordinal()]));
    }
}
