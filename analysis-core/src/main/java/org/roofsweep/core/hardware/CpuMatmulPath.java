package org.roofsweep.core.hardware;

import java.util.Locale;
import java.util.Set;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.Quantization;

/**
 * The kernel llama.cpp's CPU backend multiplies a prompt batch by a weight matrix with, by weight format (x86, AVX2 or
 * AVX-512 builds, the catalog's CPUs). Three paths, each with its own efficiency in {@code calibration.json}'s
 * {@code cpu} section:
 * <ul>
 * <li>{@link #FLOAT}: F32, F16 and BF16 weights through llamafile's tinyBLAS on the FP32 FMA units
 * ({@code cpu.compute});</li>
 * <li>{@link #GEMM}: quantized formats with a register-blocked integer matrix kernel, llamafile's tinyBLAS_Q0 for
 * Q8_0, Q4_0, Q5_0 and IQ4_NL ({@code ggml-cpu/llamafile/sgemm.cpp}, llamafile_sgemm's switch on the weight type,
 * ggml-org/llama.cpp at 02e86cf; ggml_compute_forward_mul_mat tries it first for a batch of two or more rows), or a
 * repacked interleaved GEMM for Q4_0, Q4_K, IQ4_NL and MXFP4 on AVX2 ({@code ggml-cpu/repack.cpp},
 * ggml_repack_get_optimal_repack_type at 00d3d1d; the weights are interleaved 8 rows at a time when loaded). Q4_K_M
 * and Q4_K_S files are Q4_K in most tensors (a few Q6_K ones take the path below), so they count here
 * ({@code cpu.quantized_gemm_compute});</li>
 * <li>{@link #VEC_DOT}: every other quantized format (Q5_K, Q6_K, Q3_K, Q2_K, IQ4_XS and the other i-quants, Q4_1,
 * Q5_1, formats known only by their bits): ggml's generic mul_mat, one vec_dot per (weight row, activation row)
 * pair over activations quantized to Q8_0/Q8_K, with no reuse of a loaded weight block across rows
 * ({@code cpu.quantized_compute}).</li>
 * </ul>
 * All three run on the same peak (Cpu#peakFor: FP32 FMA for floats, the vector INT8 rate for quantized formats);
 * they differ in how much of it the kernel's instruction mix reaches: tinyBLAS_Q0_AVX spends about six vector
 * instructions per 32-weight block and activation row (one VPDPBUSD or VPMADDUBSW pair, two sign fixes, the int-to-float
 * conversion and one FMA with the two blocks' scales).
 */
public enum CpuMatmulPath {
    FLOAT,
    GEMM,
    VEC_DOT;

    /** Quantized formats with a CPU matrix kernel (leading format names, lower case). */
    static final Set<String> GEMM_FORMATS = Set.of("q8_0", "q4_0", "q5_0", "iq4_nl", "q4_k", "q4_k_m", "q4_k_s",
            "mxfp4");

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path of weights in {@code p}: floats at 16 bits and more, else by the format's leading name. */
    public static CpuMatmulPath of(Precision p) {
        if (p.weightBits() >= 16) {
            return FLOAT;
        }
        return GEMM_FORMATS.contains(Quantization.leadingFormat(p.format())) ? GEMM : VEC_DOT;
    }
}
