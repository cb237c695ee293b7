package org.roofsweep.core.hardware;

import org.roofsweep.core.model.Precision;

/**
 * Dense peak arithmetic throughput of a device, in FLOP/s (or OP/s for integer formats). NaN marks a figure that is
 * unknown or a format the device lacks.
 */
public record PeakThroughput(double fp32, double fp16, double bf16, double fp8, double int8, double int4) implements java.io.Serializable {
    /** Nothing known. */
    public static final PeakThroughput NONE =
            new PeakThroughput(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The peak that matrix products run at for these bit widths: W8A8 and narrower use the INT8 path; otherwise the
     * activations are 16-bit and weights are dequantized to FP16 (llama.cpp, GPTQ/AWQ kernels), so the FP16 rate
     * applies. Falls back to BF16, then FP32, when a faster path is unknown.
     */
    public double forPrecision(Precision p) {
        if (p.activationBits() <= 8 && p.weightBits() <= 8 && !Double.isNaN(int8)) {
            return int8;
        }
        return firstKnown(fp16, bf16, fp32);
    }

    private static double firstKnown(double... values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }
}
