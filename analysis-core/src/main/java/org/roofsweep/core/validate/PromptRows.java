package org.roofsweep.core.validate;

import java.util.List;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.model.Precision;

/**
 * The prompt rows of a fit as {@link Calibrator} reads them: which kernel path a row ran, the rows that fit each
 * path's compute efficiency, and the forms in which each path's bottlenecks are fitted (the F16 GEMM and the float
 * path under the board's power limit, the int8 path with its vector work in series).
 */
final class PromptRows {
    private PromptRows() {
    }

    /**
     * An F16 prompt row for the fit of the GEMM's two bottlenecks: with r the measured over the ideal throughput and
     * x the card's F16 peak over its TDP (FLOP per joule at the limit; 0 where the TDP is unknown), the model reads
     * 1 / r = 1 / compute + joulesPerFlop x x, fitted as relative least squares in (1 / compute, joulesPerFlop).
     */
    static double[] powerLimited(double ratio, double flopsPerJoule) {
        return new double[] {ratio, flopsPerJoule * ratio, 1};
    }

    /**
     * An int8-path prompt row for the fit of that path's two bottlenecks (a backend whose entry states vector work):
     * with r the measured over the ideal throughput at the card's int8 peak and x its int8 over its FP32 peak, the
     * model reads 1 / r = 1 / quantizedCompute + vectorOpsPerInt8Op x x, relative least squares as for the F16 GEMM.
     */
    static double[] vectorBound(double ratio, double int8OverFp32) {
        return new double[] {ratio, int8OverFp32 * ratio, 1};
    }

    /**
     * The fraction of the ideal quantized rate the row's path reaches: its vector work counted on the int8 path, the
     * board's power limit on the float path's matrix units ({@link Efficiency#floatPathFraction}).
     */
    static double quantizedFraction(Efficiency e, Validation.Prediction p) {
        if (floatPath(p)) {
            return e.floatPathFraction(p.gpu().peak().forPrecision(Precision.FP16), p.gpu().tdpWatts());
        }
        if (vectorPath(p)) {
            return e.vectorFallback();
        }
        return int8Path(p) && e.vectorOpsPerInt8Op() > 0
                ? 1 / (1 / e.quantizedCompute() + e.vectorOpsPerInt8Op() * int8OverFp32(p)) : e.quantizedCompute();
    }

    static boolean floatPath(Validation.Prediction p) {
        return p.matmulPath().equals(Efficiency.QuantizedPath.FLOAT.key());
    }

    static boolean vectorPath(Validation.Prediction p) {
        return p.matmulPath().equals(Efficiency.QuantizedPath.VECTOR.key());
    }

    static boolean int8Path(Validation.Prediction p) {
        return p.matmulPath().equals(Efficiency.QuantizedPath.INT8.key());
    }

    static double int8OverFp32(Validation.Prediction p) {
        return p.gpu().peak().int8() / p.gpu().peak().fp32();
    }

    /** The F16 peak over the TDP of the row's card, FLOP/s per W; 0 when the TDP is unknown. */
    static double powerRatio(Validation.Prediction p) {
        double tdp = p.gpu().tdpWatts();
        return tdp > 0 ? p.gpu().peak().forPrecision(Precision.FP16) / tdp : 0;
    }

    /**
     * A prompt whose quantized weights went through the F16 copy: its time mixes the F16 GEMM and the copy's
     * streaming, both fitted elsewhere, so it validates them and is fitted to neither, unless the copy is its
     * backend's path today ({@link #copiedToday}: then it is a row of that backend's F16 GEMM).
     */
    static boolean dequantized(Validation.Prediction p) {
        return p.matmulPath().equals(Efficiency.QuantizedPath.DEQUANT_F16.key());
    }

    /**
     * A quantized prompt on the F16 copy where that copy is its backend's path today (SYCL's ggml_sycl_mul_mat above
     * 32 tokens), not an earlier build's (CUDA before PR #8075): a row of the backend's F16 GEMM, fitted as F16
     * prompts are. The copy itself is in its ideal prediction (the dequantize kernel at the memory roof).
     */
    static boolean copiedToday(Validation.Prediction p, Calibration cal) {
        return dequantized(p) && cal.backends().get(p.backend()).efficiency().quantizedPath()
                == Efficiency.QuantizedPath.DEQUANT_F16;
    }

    /**
     * A prompt row of its backend's F16 GEMM, as the fits read it: F16 weights, or quantized ones on the F16 copy
     * where that copy is the backend's path today ({@link #copiedToday}), and a stated prompt length.
     */
    static boolean f16Gemm(Validation.Prediction p, Calibration cal) {
        return !p.decode() && (!p.quantized() || copiedToday(p, cal)) && !unstatedPrompt(p);
    }

    /**
     * A quantized prompt row on its backend's direct quantized path (not the F16 copy), with a stated prompt length:
     * a row of that path's compute efficiency.
     */
    static boolean directQuantized(Validation.Prediction p) {
        return !p.decode() && !p.vision() && p.quantized() && !dequantized(p) && !unstatedPrompt(p);
    }

    /**
     * A prompt rate stated without its prompt length (a {@code main} run's prompt eval): the GEMM shapes and the
     * launches per token are unknown, so it validates the compute efficiencies and is fitted to none (a GPU's such
     * rows {@link Validation} already skips, so here it guards the CPU's).
     */
    static boolean unstatedPrompt(Validation.Prediction p) {
        return !p.decode() && p.row().promptTokens() <= 0;
    }

    /**
     * Each quantized prompt row's own compute efficiency on its direct path: r = measured / ideal throughput, and on
     * the float path's matrix units the kernel's part of it with the board's power limit taken out, 1 / (1 / r -
     * joulesPerFlop x F16 peak / TDP) (capped at 1 where the power alone would account for the row's time).
     */
    static double[] quantizedRatios(List<Validation.Prediction> ps, double joulesPerFlop) {
        return ps.stream().filter(PromptRows::directQuantized)
                .mapToDouble(p -> {
                    double r = p.row().value() / p.predicted();
                    if (!floatPath(p) || joulesPerFlop == 0) {
                        return r;
                    }
                    double kernel = 1 / r - joulesPerFlop * powerRatio(p);
                    return kernel > 1 ? 1 / kernel : 1;
                }).toArray();
    }
}
