package org.roofsweep.core.hardware;

import org.roofsweep.core.model.Precision;

/**
 * What real kernels reach of a device's data sheet, per kernel path: {@code memory} of the bandwidth in the
 * matrix-vector products of decode (streaming weights and KV cache), {@code compute} of the float peak in F16 matrix
 * products, {@code quantizedCompute} of the {@code quantizedPath}'s peak in matrix products over quantized weights,
 * and a fixed {@code layerOverheadSeconds} per layer per forward pass (the kernel launches of one layer as the backend
 * issues them, which dominate small models on fast GPUs).
 */
public record Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
        QuantizedPath quantizedPath) implements java.io.Serializable {

    /** How a backend multiplies 16-bit activations by quantized weights in prompt processing. */
    public enum QuantizedPath {
        /**
         * Activations quantized to int8 and int8 dot products: tensor-core int8 where the card has it, dp4a
         * otherwise (llama.cpp CUDA MMQ); the catalog's int8 figure is the rate of whichever the card runs.
         */
        INT8,
        /** Weights dequantized to F16 and the float matrix path (Metal simdgroup matrices, CPU). */
        FLOAT,
        /** Dot products on the FP32 vector units, no matrix cores (shader kernels of backends without MMA). */
        VECTOR;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Efficiency {
        if (!(memory > 0 && memory <= 1) || !(compute > 0 && compute <= 1)
                || !(quantizedCompute > 0 && quantizedCompute <= 1)) {
            throw new IllegalArgumentException("efficiencies must lie in (0, 1]: " + memory + ", " + compute + ", "
                    + quantizedCompute);
        }
        if (!(layerOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("layer overhead must be >= 0: " + layerOverheadSeconds);
        }
    }

    /** One efficiency for every matrix product: quantized weights take the float path at the F16 efficiency. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds) {
        this(memory, compute, layerOverheadSeconds, compute, QuantizedPath.FLOAT);
    }

    /**
     * Attainable FLOP/s of matrix products at this precision: weight-only quantized formats (fewer than 16 weight
     * bits, 16-bit activations) run the quantized path, everything else {@link PeakThroughput#forPrecision}.
     */
    public double flopsPerSecond(PeakThroughput peak, Precision p) {
        boolean quantized = p.weightBits() < 16 && p.activationBits() >= 16;
        if (!quantized) {
            return peak.forPrecision(p) * compute;
        }
        double rate = switch (quantizedPath) {
            case INT8 -> Double.isNaN(peak.int8()) ? peak.forPrecision(p) : peak.int8();
            case FLOAT -> peak.forPrecision(p);
            case VECTOR -> Double.isNaN(peak.fp32()) ? peak.forPrecision(p) : peak.fp32();
        };
        return rate * quantizedCompute;
    }
}
