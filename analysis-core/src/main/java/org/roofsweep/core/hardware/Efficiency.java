package org.roofsweep.core.hardware;

/**
 * What real kernels reach of a device's data sheet: {@code memory} of the bandwidth when streaming weights and KV
 * cache, {@code compute} of the dense peak in large matrix products, and a fixed {@code layerOverheadSeconds} per
 * layer per forward pass (kernel launches and synchronisation, which dominate small models on fast GPUs). One set
 * per architecture family.
 */
public record Efficiency(double memory, double compute, double layerOverheadSeconds) implements java.io.Serializable {
    public Efficiency {
        if (!(memory > 0 && memory <= 1) || !(compute > 0 && compute <= 1)) {
            throw new IllegalArgumentException("efficiencies must lie in (0, 1]: " + memory + ", " + compute);
        }
        if (!(layerOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("layer overhead must be >= 0: " + layerOverheadSeconds);
        }
    }
}
