package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * <p>A dated build runs the kernels of its date ({@link #of(Precision, KernelBuild)}; {@link #MATRIX_KERNEL_SINCE}):
 * a quantized format ran ggml's vec_dot until its first matrix kernel on AVX2 came, from the commits of
 * ggerganov/llama.cpp: tinyBLAS_Q0_AVX2 for Q8_0 and Q4_0 with "ggml : add llamafile sgemm" (#6414, 8cc91dc63,
 * 2024-04-16), IQ4_NL with "ggml : IQ4_NL sgemm + Q4_0 AVX optimization" (#9422, 5c3d0f182, 2024-09-16), Q5_0 with
 * "llamafile : extend sgemm.cpp support for Q5_0 models" (#10010, 2f8bd2b90, 2024-10-25); Q4_K's repacked GEMM
 * (block_q4_Kx8) with "ggml : block interleaving support for Q4_K quantization for x86 AVX2 architecture" (#12332,
 * 3d82dbcbce2c677fc35fbf99574ccd107d95a1f8, 2025-03-20): tinyBLAS_Q0 never took Q4_K (llamafile_sgemm's switch at
 * c392e5094, 2025-02-21: F32, BF16, F16, Q8_0, Q4_0, Q5_0, IQ4_NL) and ggml_aarch64_get_optimal_repack_type there
 * repacks Q4_0 and IQ4_NL alone, so a build before that date ran Q4_K, Q4_K_M and Q4_K_S prompts on vec_dot
 * (ggml_vec_dot_q4_K_q8_K). MXFP4 came with its kernels.
 */
public enum CpuMatmulPath {
    FLOAT,
    GEMM,
    VEC_DOT;

    /** Quantized formats with a CPU matrix kernel (leading format names, lower case). */
    static final Set<String> GEMM_FORMATS = Set.of("q8_0", "q4_0", "q5_0", "iq4_nl", "q4_k", "q4_k_m", "q4_k_s",
            "mxfp4");

    /** The date of the first build with Q4_K's repacked GEMM on x86 (PR #12332, merged 2025-03-20). */
    public static final LocalDate Q4_K_REPACK = LocalDate.of(2025, 3, 20);

    /** Per format of {@link #GEMM_FORMATS}, the date of the first build with its matrix kernel on AVX2 (class doc). */
    static final Map<String, LocalDate> MATRIX_KERNEL_SINCE = Map.of("q8_0", LocalDate.of(2024, 4, 16),
            "q4_0", LocalDate.of(2024, 4, 16), "iq4_nl", LocalDate.of(2024, 9, 16), "q5_0", LocalDate.of(2024, 10, 25),
            "q4_k", Q4_K_REPACK, "q4_k_m", Q4_K_REPACK, "q4_k_s", Q4_K_REPACK);

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

    /** The path of weights in {@code p} in a build of {@code build}'s date: an undated build runs today's. */
    public static CpuMatmulPath of(Precision p, KernelBuild build) {
        CpuMatmulPath today = of(p);
        return today == GEMM && !matrixKernelOn(Quantization.leadingFormat(p.format()), build.date()) ? VEC_DOT
                : today;
    }

    /**
     * Whether a format of the matrix kernels ({@code format}, its leading name in lower case) had its kernel in a build
     * of {@code built} ({@link #MATRIX_KERNEL_SINCE}; an undated build, or a format with no date there: yes).
     */
    static boolean matrixKernelOn(String format, Optional<LocalDate> built) {
        LocalDate since = MATRIX_KERNEL_SINCE.get(format);
        return since == null || built.map(d -> !d.isBefore(since)).orElse(true);
    }
}
