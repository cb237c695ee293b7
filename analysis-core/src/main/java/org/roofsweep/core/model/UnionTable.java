package org.roofsweep.core.model;

/**
 * The union fraction {@code U(h) = integral over [0, h] of 1 - (1 - routed p(x))^n} of a {@link NeuronActivation}
 * for one token count n, tabulated once (cumulative Simpson sums on a geometric grid from x0 to 1) so that a planner
 * can price many hot-set sizes h by interpolation. Below x0 every neuron fires for every token and U grows linearly.
 */
public final class UnionTable {
    private static final int INTERVALS = 64;

    private final NeuronActivation act;
    private final double tokens;
    private final double routed;
    private final double capped;
    private final double u0;
    private final double du;
    private final double[] cumulative;
    private final double[] integrand;
    private final double total;

    public UnionTable(NeuronActivation act, double tokens, double routed) {
        this.act = act;
        this.tokens = tokens;
        this.routed = routed;
        this.capped = -Math.expm1(tokens * Math.log1p(-Math.min(routed, 1 - 1e-15)));
        this.u0 = Math.log(act.x0());
        this.du = -u0 / INTERVALS;
        this.cumulative = new double[INTERVALS + 1];
        this.integrand = new double[INTERVALS + 1];
        if (tokens <= 1 || act.x0() >= 1) {
            this.total = upTo(1);
            return;
        }
        // geometric nodes: x and p(x) = c x^-alpha advance by one multiplication each
        double x = act.x0();
        double xStep = Math.exp(du);
        double p = routed * act.probability(x);
        double pStep = Math.exp(-act.alpha() * du);
        for (int i = 0; i <= INTERVALS; i++) {
            integrand[i] = (1 - Math.pow(1 - Math.min(1, p), tokens)) * x;
            x *= xStep;
            p *= pStep;
        }
        // cumulative integral at each node: Simpson on pairs of intervals, trapezoid for an odd last one
        for (int i = 1; i <= INTERVALS; i++) {
            if (i % 2 == 0) {
                cumulative[i] = cumulative[i - 2] + du / 3 * (integrand[i - 2] + 4 * integrand[i - 1] + integrand[i]);
            } else {
                cumulative[i] = cumulative[i - 1] + du / 2 * (integrand[i - 1] + integrand[i]);
            }
        }
        this.total = upTo(1);
    }

    /** U(h): expected fraction of all neurons among the hottest h that at least one of the tokens activates. */
    public double upTo(double h) {
        if (h <= 0) {
            return 0;
        }
        h = Math.min(h, 1);
        if (tokens <= 1) {
            return routed * act.mass(0, h);
        }
        double x0 = act.x0();
        if (h <= x0) {
            return capped * h;
        }
        double pos = (Math.log(h) - u0) / du;
        int i = Math.min(INTERVALS - 1, (int) pos);
        double frac = pos - i;
        double gh = integrand[i] + frac * (integrand[i + 1] - integrand[i]);
        double partial = frac * du * (integrand[i] + gh) / 2;
        return Math.min(h, capped * x0 + cumulative[i] + partial);
    }

    /** U(1) - U(h): the same over the coldest neurons. */
    public double from(double h) {
        return Math.max(0, total - upTo(h));
    }
}
