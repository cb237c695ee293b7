package org.roofsweep.core.sparsity;

/**
 * The activation mass of the hottest neurons, {@link NeuronActivation#mass}{@code (0, h)}, as a function of h, for
 * callers that evaluate it at many h (a planner searching its hot-set size). The law's constants c = x0^alpha and
 * x0^(1-alpha) are computed once here, which leaves one Math.pow per evaluation where {@code mass} takes three; the
 * arithmetic is otherwise {@code mass}'s, so {@link #upTo(double)} and {@code mass} agree bit for bit. A caller that
 * has ln h already (for the union tables) passes it to {@link #upTo(double, double)}, which needs one Math.exp instead
 * and agrees with {@code mass} to within a few ulps.
 */
public final class HotMass {
    private final double x0;
    private final double logX0;
    private final double c;
    private final double oneMinusAlpha;
    /** x0^(1-alpha): the lower end of the power-law part of the integral. */
    private final double x0Power;
    /** alpha = 1, where the integral of c/x is a logarithm. */
    private final boolean logarithmic;

    public HotMass(NeuronActivation act) {
        this.x0 = act.x0();
        this.logX0 = Math.log(x0);
        this.c = Math.pow(x0, act.alpha());
        this.oneMinusAlpha = 1 - act.alpha();
        this.x0Power = Math.pow(x0, oneMinusAlpha);
        this.logarithmic = Math.abs(oneMinusAlpha) < 1e-9;
    }

    /** Expected fraction of all neurons that one token activates and that lie among the hottest h. */
    public double upTo(double h) {
        if (h <= 0) {
            return 0;
        }
        if (h <= x0) {
            // every neuron up to x0 fires for every token
            return h;
        }
        if (logarithmic) {
            return x0 + c * Math.log(h / x0);
        }
        return x0 + c * (Math.pow(h, oneMinusAlpha) - x0Power) / oneMinusAlpha;
    }

    /** The same given {@code logH} = ln h, which is only read where h is above x0. */
    public double upTo(double h, double logH) {
        if (h <= 0) {
            return 0;
        }
        if (h <= x0) {
            return h;
        }
        if (logarithmic) {
            return x0 + c * (logH - logX0);
        }
        return x0 + c * (Math.exp(oneMinusAlpha * logH) - x0Power) / oneMinusAlpha;
    }
}
