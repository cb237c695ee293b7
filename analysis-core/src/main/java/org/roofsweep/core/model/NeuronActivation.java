package org.roofsweep.core.model;

/**
 * Per-neuron activation probabilities of an FFN as a power law over neuron rank (PowerInfer, arXiv 2312.12456,
 * Insight-1: a small hot set carries most activations). Neurons are ordered hottest first; x in (0, 1] is the rank
 * as a fraction of all neurons, and p(x) = min(1, c * x^-alpha).
 *
 * <p>alpha comes from the published skew "a fraction h of neurons carries 80% of activations": for the uncapped law
 * the mass in the top h is h^(1-alpha), so alpha = 1 - ln(0.8) / ln(h). c is then chosen so that the mean of p is
 * the active fraction 1 - sparsity. With x0 = c^(1/alpha) the point where p reaches 1, the mean is
 * x0 + (x0^alpha - x0) / (1 - alpha), increasing in x0, which is solved by bisection.
 */
public record NeuronActivation(double alpha, double x0) {
    private static final int BISECTION_STEPS = 60;
    private static final int SIMPSON_INTERVALS = 48;

    /** Every neuron fires for every token: a dense model (sparsity 0). */
    public static final NeuronActivation DENSE = new NeuronActivation(0, 1);

    public static NeuronActivation of(double sparsity, double hotFractionFor80Pct) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must lie in [0, 1), found " + sparsity);
        }
        if (sparsity == 0) {
            return DENSE;
        }
        double alpha = 1 - Math.log(0.8) / Math.log(hotFractionFor80Pct);
        double target = 1 - sparsity;
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = 0.5 * (lo + hi);
            if (meanFor(alpha, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new NeuronActivation(alpha, 0.5 * (lo + hi));
    }

    private static double meanFor(double alpha, double x0) {
        return x0 + (Math.pow(x0, alpha) - x0) / (1 - alpha);
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
        double total = capped * -Math.expm1(tokens * Math.log1p(-Math.min(routed, 1 - 1e-15)));
        if (b <= x0) {
            return total;
        }
        // Simpson's rule in u = ln x, where the integrand x * (1 - (1 - routed p(x))^n) is smooth.
        double u0 = Math.log(Math.max(a, x0));
        double u1 = Math.log(b);
        double h = (u1 - u0) / SIMPSON_INTERVALS;
        double c = c();
        double sum = 0;
        for (int i = 0; i <= SIMPSON_INTERVALS; i++) {
            double x = Math.exp(u0 + i * h);
            double p = Math.min(1 - 1e-15, routed * c * Math.pow(x, -alpha));
            double g = -Math.expm1(tokens * Math.log1p(-p)) * x;
            double w = (i == 0 || i == SIMPSON_INTERVALS) ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * g;
        }
        return total + sum * h / 3;
    }
}
