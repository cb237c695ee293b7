package org.roofsweep.core.model;

/**
 * Mixture-of-experts FFN: each token is routed to {@code expertsPerToken} of {@code numExperts} experts. Beside them,
 * {@code sharedIntermediateSize} neurons of shared experts run for every token (DeepSeek's {@code n_shared_experts *
 * moe_intermediate_size}; 0 when there are none), and the first {@code denseLayers} layers have an ordinary FFN of
 * {@code denseIntermediateSize} instead (DeepSeek's {@code first_k_dense_replace}).
 */
public record MoeSpec(int numExperts, int expertsPerToken, int sharedIntermediateSize, int denseLayers,
        int denseIntermediateSize) implements java.io.Serializable {
    /** A dense FFN, seen as one expert that every token uses. */
    public static final MoeSpec DENSE = new MoeSpec(1, 1);

    public MoeSpec {
        if (numExperts < 1 || expertsPerToken < 1 || expertsPerToken > numExperts) {
            throw new IllegalArgumentException("bad MoE shape " + numExperts + "/" + expertsPerToken);
        }
        if (sharedIntermediateSize < 0 || denseLayers < 0 || denseIntermediateSize < 0
                || (denseLayers > 0 && denseIntermediateSize == 0)) {
            throw new IllegalArgumentException("bad shared/dense FFN " + sharedIntermediateSize + "/" + denseLayers
                    + "/" + denseIntermediateSize);
        }
    }

    /** Routed experts only, every layer an MoE layer (Mixtral, Qwen3-MoE, gpt-oss). */
    public MoeSpec(int numExperts, int expertsPerToken) {
        this(numExperts, expertsPerToken, 0, 0, 0);
    }

    public boolean isMoe() {
        return numExperts > 1;
    }

    /** Fraction of a layer's experts one token uses. */
    public double routedFraction() {
        return (double) expertsPerToken / numExperts;
    }

    /** Layers of {@code layers} whose FFN is routed. */
    public int moeLayers(int layers) {
        return isMoe() ? layers - denseLayers : 0;
    }

    /**
     * Expected number of distinct experts that {@code tokens} tokens touch, if routing is uniform and independent:
     * E * (1 - (1 - k/E)^T). Their weights are what a forward pass reads.
     */
    public double expertsTouched(double tokens) {
        if (!isMoe()) {
            return 1;
        }
        return numExperts * -Math.expm1(tokens * Math.log1p(-routedFraction()));
    }

    /**
     * The experts one layer runs over a prompt of {@code tokens} tokens processed in ubatches of
     * {@code ubatchTokens}, summed over the ubatches: each full ubatch touches {@link #expertsTouched} of its
     * {@code ubatchTokens} tokens, the last one those of its remaining tokens. A dense FFN is one expert per ubatch.
     */
    public double expertsTouchedInUbatches(double tokens, double ubatchTokens) {
        double full = Math.floor(tokens / ubatchTokens);
        double rest = tokens - full * ubatchTokens;
        return full * expertsTouched(ubatchTokens) + (rest > 0 ? expertsTouched(rest) : 0);
    }
}
