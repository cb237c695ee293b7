package org.roofsweep.core.model;

/** Mixture-of-experts FFN: each token is routed to {@code expertsPerToken} of {@code numExperts} experts. */
public record MoeSpec(int numExperts, int expertsPerToken) implements java.io.Serializable {
    /** A dense FFN, seen as one expert that every token uses. */
    public static final MoeSpec DENSE = new MoeSpec(1, 1);

    public MoeSpec {
        if (numExperts < 1 || expertsPerToken < 1 || expertsPerToken > numExperts) {
            throw new IllegalArgumentException("bad MoE shape " + numExperts + "/" + expertsPerToken);
        }
    }

    public boolean isMoe() {
        return numExperts > 1;
    }

    /** Fraction of a layer's experts one token uses. */
    public double routedFraction() {
        return (double) expertsPerToken / numExperts;
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
}
