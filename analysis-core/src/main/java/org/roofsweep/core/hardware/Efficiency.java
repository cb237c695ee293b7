package org.roofsweep.core.hardware;

/**
 * Fractions of the data-sheet peaks that real kernels reach: {@code memory} of the bandwidth when streaming weights
 * and KV cache, {@code compute} of the dense peak in large matrix products. One pair per architecture family.
 */
public record Efficiency(double memory, double compute) implements java.io.Serializable {
    public Efficiency {
        if (!(memory > 0 && memory <= 1) || !(compute > 0 && compute <= 1)) {
            throw new IllegalArgumentException("efficiencies must lie in (0, 1]: " + memory + ", " + compute);
        }
    }
}
