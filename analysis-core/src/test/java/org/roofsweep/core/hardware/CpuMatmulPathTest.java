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
     * Ryzen 9 7950X, every core: FP32 2.92 TFLOPS, vector INT8 min(11.68, 4 x 2.92) = 11.68 TOPS, and each int8 op's
     * other vector work at the fitted 0.912 FP32 FLOPs in series (0.912 / 2.92e12 = 3.1233e-13 s). Q4_0 on
     * tinyBLAS_Q0 at the fitted 0.526: 1 / (1 / (11.68e12 x 0.526) + 3.1233e-13) = 1 / (1.6277e-13 + 3.1233e-13) =
     * 2.1048 TOPS; Q6_K on vec_dot at 0.175: 1 / (4.8924e-13 + 3.1233e-13) = 1.2476 TOPS; BF16 on the FMA units at
     * 0.5: 1.46 TFLOPS. The GEMM path is 1.69x the vec_dot one, as the 7950X's pp512 of Llama-3.1-8B Q4_0 (153.5
     * tok/s) is 1.86x its Q6_K (82.6).
     */
    @Test
    void eachPathRunsAtItsOwnFractionOfThePeak() {
        Cpu r9 = TestCatalogs.CATALOGS.hardware().cpu("r9_7950x").orElseThrow();
        assertEquals(0.526, CAL.cpuGemmCompute(), 0);
        assertEquals(0.175, CAL.cpu().quantizedCompute(), 0);
        assertEquals(0.912, CAL.cpu().vectorOpsPerInt8Op(), 0);
        assertEquals(2.1048e12, unit(r9, new Precision(4.5, 16, 16, "q4_0")).flopsPerSecond(), 1e8);
        assertEquals(1.2476e12, unit(r9, new Precision(6.5625, 16, 16, "q6_k")).flopsPerSecond(), 1e8);
        assertEquals(1.46e12, unit(r9, new Precision(16, 16, 16, "bf16")).flopsPerSecond(), 1e8);
    }

    /**
     * Threadripper PRO 5995WX, no VNNI: FP32 5.53 TFLOPS, the AVX2 dot products (VPMADDUBSW + VPMADDWD) at 2 x 5.53 =
     * 11.06 TOPS. Q4_0: 1 / (1 / (11.06e12 x 0.526) + 0.912 / 5.53e12) = 1 / (1.7189e-13 + 1.6492e-13) = 2.9690
     * TOPS, 0.268 of its INT8 rate against the 7950X's 2.1048 / 11.68 = 0.180: the vector work that both kernels issue
     * alike weighs less beside the slower dot products, so the CPU without VNNI is not half as fast per FP32 FLOP
     * (the INT8 rate alone at one efficiency put llama.cpp PR #8908's 189.3 tok/s of Mistral-7B Q4_0 at -20%).
     */
    @Test
    void aCpuWithoutVnniRunsTheIntegerKernelsAtMoreThanHalfTheRate() {
        Cpu tr = TestCatalogs.CATALOGS.hardware().cpu("threadripper_pro_5995wx").orElseThrow();
        assertEquals(2, tr.int8OverFp32(), 1e-9);
        assertEquals(2.9690e12, unit(tr, new Precision(4.5, 16, 16, "q4_0")).flopsPerSecond(), 1e8);
    }

    private static ExecutionUnit unit(Cpu cpu, Precision p) {
        return ExecutionUnit.cpu(cpu, cpu.effectiveBandwidthBytesPerSecond(), CAL.cpuFor(p), p);
    }
}
