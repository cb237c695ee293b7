package org.roofsweep.core.model;

/**
 * Activation sparsity of a model's FFN as published: the mean fraction of neurons inactive per token, and how skewed
 * activation frequencies are (the fraction of neurons that carry 80% of all activations, PowerInfer's Insight-1).
 */
public record SparsityProfile(double ffnSparsity, String ffnSparsitySource, double hotFractionFor80Pct,
        String hotFractionSource) implements java.io.Serializable {
    public SparsityProfile {
        if (!(ffnSparsity >= 0 && ffnSparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + ffnSparsity);
        }
        if (!(hotFractionFor80Pct > 0 && hotFractionFor80Pct < 0.8)) {
            throw new IllegalArgumentException("hot fraction must lie in (0, 0.8), found " + hotFractionFor80Pct);
        }
    }
}
