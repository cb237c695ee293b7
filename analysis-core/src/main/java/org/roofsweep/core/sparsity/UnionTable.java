package org.roofsweep.core.sparsity;

/**
 * The union fraction {@code U(h) = integral over [0, h] of 1 - (1 - routed p(x))^n} of a {@link NeuronActivation}
 * for one token count n, tabulated once (cumulative Simpson sums on a geometric grid from x0 to 1) so that a planner
 * can price many hot-set sizes h by interpolation. Below x0 every neuron fires for every token and U grows linearly.
 * The grid is geometric, so a lookup needs ln h: a caller that prices several tables at one h passes it in
 * ({@link #upTo(double, double)}) and takes the logarithm once.
 */
public final class UnionTable {
    /** Intervals of the grid; even, for Simpson's rule on pairs. */
    private static final int INTERVALS = 64;

    /** U(h) of a single token (n at most 1): its mass, with the law's constants computed once; null otherwise. */
    private final HotMass mass;
    private final double routed;
    /** Rank fraction up to which every token fires every neuron: U grows linearly below it. */
    private final double x0;
    private final double capped;
    private final double u0;
    private final double du;
    private final double[] cumulative;
    private final double[] integrand;
    private final double total;
    /** See {@link #maxDrop}. */
    private final double maxDrop;

    public UnionTable(NeuronActivation act, double tokens, double routed) {
        this(tokens <= 1 ? new HotMass(act) : null, routed, act.x0(),
                UnionProbability.of(Math.min(routed, NeuronActivation.MAX_PROBABILITY), tokens),
                tokens <= 1 || act.x0() >= 1 ? null : independentIntegrand(act, tokens, routed));
    }

    /**
     * The union of a {@link PromptMix}: its two populations and their correlation. A mix of independent tokens of
     * the text's law is the table of that many tokens, exactly.
     */
    public static UnionTable of(PromptMix mix, double routed) {
        if (mix.singleIndependentLaw()) {
            return new UnionTable(mix.text(), mix.tokens(), routed);
        }
        double x0 = mix.x0();
        double[] g = null;
        if (x0 < 1) {
            g = new double[INTERVALS + 1];
            double du = -Math.log(x0) / INTERVALS;
            double x = x0;
            double xStep = Math.exp(du);
            for (int i = 0; i <= INTERVALS; i++) {
                g[i] = mix.unionAt(x, routed) * x;
                x *= xStep;
            }
        }
        // below x0 every neuron fires for every token of the mix (probability 1, capped)
        return new UnionTable(null, routed, x0, mix.unionAt(0, routed), g);
    }

    /** The integrand x (1 - (1 - routed p(x))^n) at the grid's geometric nodes from x0 to 1. */
    private static double[] independentIntegrand(NeuronActivation act, double tokens, double routed) {
        double[] g = new double[INTERVALS + 1];
        double du = -Math.log(act.x0()) / INTERVALS;
        // geometric nodes: x and p(x) = c x^-alpha advance by one multiplication each
        double x = act.x0();
        double xStep = Math.exp(du);
        double p = routed * act.probability(x);
        double pStep = Math.exp(-act.alpha() * du);
        for (int i = 0; i <= INTERVALS; i++) {
            g[i] = UnionProbability.of(Math.min(1, p), tokens) * x;
            x *= xStep;
            p *= pStep;
        }
        return g;
    }

    /** A table over the integrand {@code g} at the grid's nodes (null: U is the mass, or linear). */
    private UnionTable(HotMass mass, double routed, double x0, double capped, double[] g) {
        this.mass = mass;
        this.routed = routed;
        this.x0 = x0;
        this.capped = capped;
        this.u0 = Math.log(x0);
        this.du = -u0 / INTERVALS;
        this.integrand = g;
        if (g == null) {
            this.cumulative = null;
            this.total = upTo(1);
            this.maxDrop = 0;
            return;
        }
        this.cumulative = new double[INTERVALS + 1];
        // cumulative integral at each node: at even nodes Simpson on pairs of intervals (INTERVALS is even), at odd
        // nodes the even node before plus a trapezoid. The interpolation arrives at an even node by a trapezoid too,
        // and leaves it from the Simpson sum: where that lies lower, U falls (maxDrop).
        double even = 0;
        double drop = 0;
        for (int i = 2; i <= INTERVALS; i += 2) {
            double odd = even + du / 2 * (integrand[i - 2] + integrand[i - 1]);
            cumulative[i - 1] = odd;
            even += du / 3 * (integrand[i - 2] + 4 * integrand[i - 1] + integrand[i]);
            cumulative[i] = even;
            drop += Math.max(0, odd + du / 2 * (integrand[i - 1] + integrand[i]) - even);
        }
        this.maxDrop = drop;
        this.total = upTo(1);
    }

    /** U(h): expected fraction of all neurons among the hottest h that at least one of the tokens activates. */
    public double upTo(double h) {
        return upTo(h, Math.log(h));
    }

    /**
     * U(h) given {@code logH} = ln h. Only the interpolation between the grid's nodes reads it (n above 1 and h
     * above x0), so a caller may pass any value where h is at most x0.
     */
    public double upTo(double h, double logH) {
        if (h <= 0) {
            return 0;
        }
        if (h >= 1) {
            h = 1;
            logH = 0;
        }
        if (mass != null) {
            return routed * mass.upTo(h);
        }
        if (h <= x0 || integrand == null) {
            return capped * h;
        }
        double pos = (logH - u0) / du;
        int i = Math.min(INTERVALS - 1, (int) pos);
        double frac = pos - i;
        double gh = integrand[i] + frac * (integrand[i + 1] - integrand[i]);
        double partial = frac * du * (integrand[i] + gh) / 2;
        return Math.min(h, capped * x0 + cumulative[i] + partial);
    }

    /** U(1) - U(h): the same over the coldest neurons. */
    public double from(double h) {
        return from(h, Math.log(h));
    }

    /** U(1) - U(h) given {@code logH} = ln h (as for {@link #upTo(double, double)}). */
    public double from(double h, double logH) {
        return Math.max(0, total - upTo(h, logH));
    }

    /**
     * The most U can fall as h grows: U(h) is at most U(t) + maxDrop() for every h below t, up to rounding. Between
     * nodes U rises; at an even node, though, the interpolation arrives by a trapezoid and leaves from the Simpson sum,
     * which can lie below it. This sums those falls (a few parts in 10^4 of U(1) at most, in the laws of the catalog).
     */
    public double maxDrop() {
        return maxDrop;
    }

    /** U(1): the union over all neurons. */
    public double total() {
        return total;
    }
}
