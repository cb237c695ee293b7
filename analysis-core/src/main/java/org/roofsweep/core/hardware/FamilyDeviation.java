package org.roofsweep.core.hardware;

/**
 * A GPU family's departure from its backend's fit, as factors on the backend's efficiencies: {@code memory} on the
 * decode streaming rate (the bandwidth efficiency and, where the backend has one, the cores' streaming cap), {@code compute} on both matrix paths. Present only where a family's own rows demand
 * it; the fit shrinks it towards 1 (see {@code Calibrator}).
 */
public record FamilyDeviation(double memory, double compute) implements java.io.Serializable {
    public static final FamilyDeviation NONE = new FamilyDeviation(1, 1);

    public FamilyDeviation {
        if (!(memory > 0) || !(compute > 0)) {
            throw new IllegalArgumentException("deviation factors must be > 0: " + memory + ", " + compute);
        }
    }
}
