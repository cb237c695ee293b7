package org.roofsweep.core.sparsity;

/**
 * The probability that at least one of n independent tokens activates a neuron that each activates with probability
 * p: 1 - (1 - p)^n, the integrand of every union of active neurons ({@link NeuronActivation#union},
 * {@link UnionTable}).
 *
 * <p>Token counts are whole numbers, and for those (1 - p)^n takes a few multiplications by repeated squaring, where
 * Math.pow or expm1 and log1p cost tens of nanoseconds each; a sparse system evaluates about a hundred of these per
 * workload, at the nodes of its unions. Squaring is exact to within about 2n ulps of (1 - p)^n, and the rounding of
 * 1 - p adds p^-1 ulps to the result where (1 - p)^n is near 1; for p of at least {@value #SQUARING_MIN_P} that keeps
 * the result within a relative 3e-12 of its value, for any n. Below it, and for fractional n, the form
 * {@code -expm1(n log1p(-p))} is used, exact to a few ulps everywhere.
 */
final class UnionProbability {
    private static final double SQUARING_MIN_P = 1e-4;
    /** From p n = 40 on, (1 - p)^n is below 2^-54 and the result rounds to 1. */
    private static final double SATURATED_PN = 40;
    /** Token counts up to 2^62 are whole numbers a long holds. */
    private static final double MAX_SQUARING_N = 0x1p62;

    private UnionProbability() {
    }

    /** 1 - (1 - p)^n for p in [0, 1] and n at least 1. */
    static double of(double p, double n) {
        if (p * n >= SATURATED_PN) {
            // (1 - p)^n is below e^-40, which 1 - (1 - p)^n does not resolve
            return 1;
        }
        if (p < SQUARING_MIN_P || !squares(n)) {
            return accurate(p, n);
        }
        double square = 1 - p;
        double power = 1;
        for (long k = (long) n; ; k >>= 1) {
            if ((k & 1) != 0) {
                power *= square;
            }
            if (k <= 1) {
                return 1 - power;
            }
            square *= square;
        }
    }

    private static boolean squares(double n) {
        return n <= MAX_SQUARING_N && n == Math.rint(n);
    }

    private static double accurate(double p, double n) {
        return -Math.expm1(n * Math.log1p(-p));
    }
}
