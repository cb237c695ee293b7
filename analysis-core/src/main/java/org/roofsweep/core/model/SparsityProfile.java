package org.roofsweep.core.model;

/**
 * Activation sparsity of a model's FFN as published: the mean fraction of neurons inactive per token, and how skewed
 * activation frequencies are (the fraction of neurons that carry 80% of all activations, PowerInfer's Insight-1).
 * {@code predictedSparsity} is the fraction PowerInfer's activation predictors of the model predict inactive (NaN
 * where none is published): a predictor tuned for recall selects more neurons than fire, and PowerInfer computes
 * every neuron its predictor selects. {@code predictorParameters} is the weight count of all the model's
 * published activation predictors together (every layer's fc1 and fc2, read off the released predictor or GGUF
 * files; NaN where none was read): PowerInfer sizes each layer's predictor on its own, so no one width holds.
 */
public record SparsityProfile(double ffnSparsity, String ffnSparsitySource, double hotFractionFor80Pct,
        String hotFractionSource, double predictedSparsity, String predictedSparsitySource,
        double predictorParameters, String predictorParametersSource) implements java.io.Serializable {
    /** A profile without a published predictor figure. */
    public SparsityProfile(double ffnSparsity, String ffnSparsitySource, double hotFractionFor80Pct,
            String hotFractionSource) {
        this(ffnSparsity, ffnSparsitySource, hotFractionFor80Pct, hotFractionSource, Double.NaN, "", Double.NaN, "");
    }

    public SparsityProfile {
        if (!Double.isNaN(predictorParameters) && !(predictorParameters > 0)) {
            throw new IllegalArgumentException("predictor parameters must be positive, found " + predictorParameters);
        }
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

    /** Whether the model's own predictor size was read (else a system assumes the calibration's predictor rank). */
    public boolean hasPredictorParameters() {
        return !Double.isNaN(predictorParameters);
    }
}
