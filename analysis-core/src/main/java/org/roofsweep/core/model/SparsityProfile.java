package org.roofsweep.core.model;

/**
 * Activation sparsity of a model's FFN as published: the mean fraction of neurons inactive per token, and how skewed
 * activation frequencies are (the fraction of neurons that carry 80% of all activations, PowerInfer's Insight-1).
 * {@code predictedSparsity} is the fraction PowerInfer's activation predictors of the model predict inactive (NaN
 * where none is published): a predictor tuned for recall selects more neurons than fire, and PowerInfer computes
 * every neuron its predictor selects.
 */
public record SparsityProfile(double ffnSparsity, String ffnSparsitySource, double hotFractionFor80Pct,
        String hotFractionSource, double predictedSparsity, String predictedSparsitySource)
        implements java.io.Serializable {
    /** A profile without a published predictor figure. */
    public SparsityProfile(double ffnSparsity, String ffnSparsitySource, double hotFractionFor80Pct,
            String hotFractionSource) {
        this(ffnSparsity, ffnSparsitySource, hotFractionFor80Pct, hotFractionSource, Double.NaN, "");
    }

    public SparsityProfile {
        if (!Double.isNaN(predictedSparsity) && !(predictedSparsity >= 0 && predictedSparsity <= ffnSparsity)) {
            throw new IllegalArgumentException("predicted sparsity must lie in [0, " + ffnSparsity
                    + "] (a predictor selects at least the neurons that fire, less what it misses), found "
                    + predictedSparsity);
        }
        if (!(ffnSparsity >= 0 && ffnSparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + ffnSparsity);
        }
        if (!(hotFractionFor80Pct > 0 && hotFractionFor80Pct < 0.8)) {
            throw new IllegalArgumentException("hot fraction must lie in (0, 0.8), found " + hotFractionFor80Pct);
        }
    }
}
