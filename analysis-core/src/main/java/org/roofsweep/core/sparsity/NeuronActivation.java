package org.roofsweep.core.sparsity;

/**
 * Per-neuron activation probabilities of an FFN as a power law over neuron rank (PowerInfer, arXiv 2312.12456,
 * Insight-1: a small hot set carries most activations). Neurons are ordered hottest first; x in (0, 1] is the rank
 * as a fraction of all neurons, and p(x) = min(1, c * x^-alpha).
 *
 * <p>A model's two published numbers fix the two parameters: the mean of p is the active fraction 1 - sparsity, and
 * the hottest fraction h of neurons carries 80% of all activations. With x0 = c^(1/alpha) the rank where p reaches 1,
 * the mass in [0, b] is x0 + c (b^(1-alpha) - x0^(1-alpha)) / (1 - alpha) for b > x0. For a given alpha the mean fixes
 * x0 (it grows with x0); the share of the top h grows with alpha; both are solved by nested bisection
 * ({@link #exponentFor}). A sweep over sparsity keeps the model's exponent and moves only the level c
 * ({@link #withExponent}), so every neuron fires less often as sparsity rises. Where the skew cannot be met (at low
 * sparsity the top h cannot hold 80% of a large mean) the most skewed law of that mean is used.
 */
public record NeuronActivation(double alpha, double x0) implements java.io.Serializable {
    private static final int BISECTION_STEPS = 48;
    private static final int SIMPSON_INTERVALS = 32;
    private static final double HOT_SHARE = 0.8;
    private static final double MAX_ALPHA = 4;

    /** Every neuron fires for every token: a dense model (sparsity 0). */
    public static final NeuronActivation DENSE = new NeuronActivation(0, 1);
    /**
     * Where a probability is capped below 1 (a neuron every token activates, a dense FFN's single expert), so that
     * ln(1 - p) stays finite: ln 1e-15.
     */
    public static final double MAX_PROBABILITY = 1 - 1e-15;

    /** The law with the given sparsity whose hottest {@code hotFractionFor80Pct} carry 80% of activations. */
    public static NeuronActivation of(double sparsity, double hotFractionFor80Pct) {
        return withExponent(sparsity, exponentFor(sparsity, hotFractionFor80Pct));
    }

    /** The law of exponent {@code alpha} with the given sparsity. */
    public static NeuronActivation withExponent(double sparsity, double alpha) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + sparsity);
        }
        return sparsity == 0 ? DENSE : withMean(alpha, 1 - sparsity);
    }

    /** The exponent at which, at this sparsity, the hottest {@code hotFractionFor80Pct} carry 80% of activations. */
    public static double exponentFor(double sparsity, double hotFractionFor80Pct) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + sparsity);
        }
        if (!(hotFractionFor80Pct > 0 && hotFractionFor80Pct < HOT_SHARE)) {
            throw new IllegalArgumentException("hot fraction must lie in (0, 0.8), found " + hotFractionFor80Pct);
        }
        double target = 1 - sparsity;
        double lo = 1e-6;
        double hi = MAX_ALPHA;
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double alpha = 0.5 * (lo + hi);
            NeuronActivation a = withMean(alpha, target);
            if (a.mass(0, hotFractionFor80Pct) / target < HOT_SHARE) {
                lo = alpha;
            } else {
                hi = alpha;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The law of exponent alpha whose mean is {@code mean}. */
    private static NeuronActivation withMean(double alpha, double mean) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = 0.5 * (lo + hi);
            if (new NeuronActivation(alpha, mid).mass(0, 1) < mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new NeuronActivation(alpha, 0.5 * (lo + hi));
    }

    private double c() {
        return Math.pow(x0, alpha);
    }

    /** Activation probability of the neuron at rank fraction x. */
    public double probability(double x) {
        return x <= x0 ? 1 : c() * Math.pow(x, -alpha);
    }

    /** Expected fraction of all neurons that one token activates and that lie in ranks [a, b]. */
    public double mass(double a, double b) {
        if (b <= a) {
            return 0;
        }
        double capped = Math.max(0, Math.min(b, x0) - a);
        if (b <= x0) {
            return capped;
        }
        double lo = Math.max(a, x0);
        double oneMinusAlpha = 1 - alpha;
        if (Math.abs(oneMinusAlpha) < 1e-9) {
            return capped + c() * Math.log(b / lo);
        }
        return capped + c() * (Math.pow(b, oneMinusAlpha) - Math.pow(lo, oneMinusAlpha)) / oneMinusAlpha;
    }

    /**
     * Expected fraction of all neurons in ranks [a, b] that at least one of {@code tokens} independent tokens
     * activates, when each neuron only sees a token with probability {@code routed} (the share of experts a token
     * uses in an MoE layer; 1 for a dense FFN): the integral of 1 - (1 - routed * p(x))^tokens. This is the weight
     * traffic of a batch or a prompt: the union of the rows its tokens need. Independence is optimistic for the
     * correlated tokens of one prompt.
     */
    public double union(double a, double b, double tokens, double routed) {
        if (b <= a) {
            return 0;
        }
        if (tokens <= 1) {
            return routed * mass(a, b);
        }
        double capped = Math.max(0, Math.min(b, x0) - a);
        double total = capped * UnionProbability.of(Math.min(routed, MAX_PROBABILITY), tokens);
        if (b <= x0) {
            return total;
        }
        // Simpson's rule in u = ln x, where the integrand x * (1 - (1 - routed p(x))^n) is smooth. The nodes are
        // geometric in x, so x and x^-alpha advance by one multiplication each.
        double u0 = Math.log(Math.max(a, x0));
        double u1 = Math.log(b);
        double h = (u1 - u0) / SIMPSON_INTERVALS;
        double x = Math.exp(u0);
        double xStep = Math.exp(h);
        double scale = routed * c() * Math.exp(-alpha * u0);
        double scaleStep = Math.exp(-alpha * h);
        double sum = 0;
        for (int i = 0; i <= SIMPSON_INTERVALS; i++) {
            double p = Math.min(MAX_PROBABILITY, scale);
            double g = UnionProbability.of(p, tokens) * x;
            double w = (i == 0 || i == SIMPSON_INTERVALS) ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * g;
            x *= xStep;
            scale *= scaleStep;
        }
        // Simpson's error may overshoot by ~1e-7: the union never exceeds the neurons in the range
        return Math.min(b - a, total + sum * h / 3);
    }
}
