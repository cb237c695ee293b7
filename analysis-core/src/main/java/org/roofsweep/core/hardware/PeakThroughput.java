package org.roofsweep.core.hardware;

import org.roofsweep.core.model.Precision;

/**
 * Dense peak arithmetic throughput of a device, in FLOP/s (or OP/s for integer formats). NaN marks a figure that is
 * unknown or a format the device lacks. {@code fp16} is the tensor rate with FP32 accumulate, as data sheets state it;
 * {@code fp16Acc16} the rate with FP16 accumulate where it is higher (GeForce parts run FP32 accumulate at half rate,
 * NVIDIA Ampere GA102 and Ada whitepapers, Appendix A), NaN where it equals {@code fp16}.
 */
public record PeakThroughput(double fp32, double fp16, double bf16, double fp8, double int8, double int4,
        double fp16Acc16) implements java.io.Serializable {
    /** Nothing known. */
    public static final PeakThroughput NONE =
            new PeakThroughput(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The peak that matrix products run at for these bit widths: W8A8 and narrower use the INT8 path; otherwise the
     * activations are 16-bit and weights are dequantized to a float format, and a runtime takes the fastest float
     * path the part has: FP16/BF16 tensor cores, or FP32 where half precision is slow (Pascal P40 runs FP16 at 1/64
     * rate). NaN when none is known.
     */
    public double forPrecision(Precision p) {
        if (p.activationBits() <= 8 && p.weightBits() <= 8 && !Double.isNaN(int8)) {
            return int8;
        }
        return fastestKnown(fp16Acc16, fp16, bf16, fp32);
    }

    private static double fastestKnown(double... values) {
        double best = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && !(v <= best)) {
                best = v;
            }
        }
        return best;
    }
}
