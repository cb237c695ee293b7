package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.roofline.ExecutionUnit;

/** The CPU's prompt kernel per weight format, with the Ryzen 9 7950X's rates worked by hand. */
class CpuMatmulPathTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void formatsWithAnIntegerMatrixKernelTakeTheGemmPath() {
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(new Precision(4.5, 16, 16, "Q4_0 (4.5 bpw, 3.56 GiB)")));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(new Precision(8.5, 16, 16, "q8_0")));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(new Precision(4.8, 16, 16, "Q4_K_M (~4.8 bpw)")));
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(6.5625, 16, 16, "Q6_K")));
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(4.25, 16, 16, "IQ4_XS (custom mix)")));
        // bits alone name no kernel: the generic one
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(4.5, 16, 16)));
        assertEquals(CpuMatmulPath.FLOAT, CpuMatmulPath.of(new Precision(16, 16, 16, "BF16")));
    }

    /**
     * Q4_K's repacked GEMM came with llama.cpp PR #12332 (merged 2025-03-20): a build of 2024-12-23 (b4384, the
     * 7950X's Q4_K_S pp512 of 108.4 tok/s in ik_llama.cpp discussion #164) ran Q4_K on vec_dot; Q4_0 was on a matrix
     * kernel from 2024-04-16 on (tinyBLAS_Q0, then the repacked Q4_0_8_8), and an undated build runs today's kernels.
     */
    @Test
    void aBuildBeforeQ4KsRepackRanQ4KOnVecDot() {
        Precision q4ks = new Precision(4.5, 16, 16, "Q4_K_S");
        KernelBuild december = KernelBuild.on(java.time.LocalDate.of(2024, 12, 23));
        KernelBuild merged = KernelBuild.on(java.time.LocalDate.of(2025, 3, 20));
        KernelBuild undated = new KernelBuild(java.util.Optional.empty(), "", "");
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(q4ks, december));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(q4ks, merged));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(q4ks, undated));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(new Precision(4.5, 16, 16, "Q4_0"), december));
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(6.5625, 16, 16, "Q6_K"), merged));
        // Q4_0 and Q8_0 reached tinyBLAS_Q0_AVX2 with llamafile's sgemm (2024-04-16), Q5_0 on 2024-10-25
        KernelBuild march2024 = KernelBuild.on(java.time.LocalDate.of(2024, 3, 1));
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(4.5, 16, 16, "Q4_0"), march2024));
        assertEquals(CpuMatmulPath.GEMM, CpuMatmulPath.of(new Precision(8.5, 16, 16, "Q8_0"),
                KernelBuild.on(java.time.LocalDate.of(2024, 4, 16))));
        assertEquals(CpuMatmulPath.VEC_DOT, CpuMatmulPath.of(new Precision(5.5, 16, 16, "Q5_0"),
                KernelBuild.on(java.time.LocalDate.of(2024, 9, 1))));
        // the calibration as the December build runs Q4_K_S: vec_dot's efficiency on the matrix kernels' path
        Calibration built = CAL.builtOn(new KernelBuild(december.date(), "q4_k_s", "llama.cpp mainline"));
        assertEquals(CAL.cpu().quantizedCompute(), built.cpuFor(q4ks).quantizedCompute(), 0);
        assertEquals(CAL.cpuGemmCompute(), CAL.builtOn(new KernelBuild(merged.date(), "q4_k_s", "llama.cpp"))
                .cpuFor(q4ks).quantizedCompute(), 0);
    }

    /**
     * Ryzen 9 7950X, every core: FP32 2.92 TFLOPS, vector INT8 min(11.68, 4 x 2.92) = 11.68 TOPS, and each int8 op's
     * other vector work at the fitted 0.802 FP32 FLOPs in series (0.802 / 2.92e12 = 2.7466e-13 s). Q4_0 on
     * tinyBLAS_Q0 at the fitted 0.49: 1 / (1 / (11.68e12 x 0.49) + 2.7466e-13) = 1 / (1.7473e-13 + 2.7466e-13) =
     * 2.2253 TOPS; Q6_K on vec_dot at 0.167: 1 / (5.1268e-13 + 2.7466e-13) = 1.2701 TOPS; BF16 on the FMA units at
     * 0.5: 1.46 TFLOPS. The GEMM path is 1.75x the vec_dot one, as the 7950X's pp512 of Llama-3.1-8B Q4_0 (153.5
     * tok/s) is 1.86x its Q6_K (82.6).
     */
    @Test
    void eachPathRunsAtItsOwnFractionOfThePeak() {
        Cpu r9 = TestCatalogs.CATALOGS.hardware().cpu("r9_7950x").orElseThrow();
        assertEquals(0.49, CAL.cpuGemmCompute(), 0);
        assertEquals(0.167, CAL.cpu().quantizedCompute(), 0);
        assertEquals(0.802, CAL.cpu().vectorOpsPerInt8Op(), 0);
        assertEquals(2.2253e12, unit(r9, new Precision(4.5, 16, 16, "q4_0")).flopsPerSecond(), 1e8);
        assertEquals(1.2701e12, unit(r9, new Precision(6.5625, 16, 16, "q6_k")).flopsPerSecond(), 1e8);
        assertEquals(1.46e12, unit(r9, new Precision(16, 16, 16, "bf16")).flopsPerSecond(), 1e8);
    }

    /**
     * Threadripper PRO 5995WX, no VNNI: FP32 5.53 TFLOPS, the AVX2 dot products (VPMADDUBSW + VPMADDWD) at 2 x 5.53 =
     * 11.06 TOPS. Q4_0: 1 / (1 / (11.06e12 x 0.49) + 0.802 / 5.53e12) = 1 / (1.8452e-13 + 1.4503e-13) = 3.0344
     * TOPS, 0.274 of its INT8 rate against the 7950X's 2.2253 / 11.68 = 0.191: the vector work that both kernels issue
     * alike weighs less beside the slower dot products, so the CPU without VNNI is not half as fast per FP32 FLOP
     * (the INT8 rate alone at one efficiency put llama.cpp PR #8908's 189.3 tok/s of Mistral-7B Q4_0 at -20%).
     */
    @Test
    void aCpuWithoutVnniRunsTheIntegerKernelsAtMoreThanHalfTheRate() {
        Cpu tr = TestCatalogs.CATALOGS.hardware().cpu("threadripper_pro_5995wx").orElseThrow();
        assertEquals(2, tr.int8OverFp32(), 1e-9);
        assertEquals(3.0344e12, unit(tr, new Precision(4.5, 16, 16, "q4_0")).flopsPerSecond(), 1e8);
    }

    private static ExecutionUnit unit(Cpu cpu, Precision p) {
        return ExecutionUnit.cpu(cpu, cpu.effectiveBandwidthBytesPerSecond(), CAL.cpuFor(p), p);
    }
}
