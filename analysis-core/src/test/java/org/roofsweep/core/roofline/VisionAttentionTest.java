package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.hardware.VisionPath;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/** The CLIP graph's attention as builds before and after llama.cpp PR #16837 run it. */
class VisionAttentionTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Platform RTX4090 = TestCatalogs.platform("rtx4090+i9_13900k");

    /** InternViT-300M-448px over one 448 px view: 1024 patches and the class token, 1025 tokens. */
    private static RequestShape internVitOneView(boolean flashAttention) {
        Workload w = Workload.text(TestCatalogs.model("internvl2_5_8b"), RTX4090, 1, 32, 16).withImages(1, 448, 448)
                .toBuilder().flashAttention(flashAttention).build();
        return RequestShape.of(w, CAL);
    }

    private static Map<String, Op> byName(Op[] ops) {
        return Arrays.stream(ops).collect(Collectors.toMap(Op::name, op -> op));
    }

    /**
     * Unfused, per layer, one view of n = 1025 tokens, width d = 1024, 16 heads of 64: pairs = 16 x 1025^2 =
     * 16,810,000 scores. KQ: 2 x 16.81 M x 64 = 2.15168 GFLOP; it reads Q and K (2 x 1025 x 1024 x 4 B = 8,396,800 B)
     * and writes the F32 scores (4 x 16.81 M = 67,240,000 B), 75,636,800 B. The softmax reads and rewrites them,
     * 8 x 16.81 M = 134,480,000 B, 5 x 16.81 M = 84.05 MFLOP. KQV: 2.15168 GFLOP, reading the scores and V and writing
     * its output, 75,636,800 B. So 16 B a score: 268,960,000 B of score traffic a layer. Fused: one op of
     * 4 x 16.81 M x 64 + 84.05 M = 4,387,410,000 FLOP reading Q, K, V and writing the output in F16,
     * 4 x 1025 x 1024 x 2 = 8,396,800 B.
     */
    @Test
    void unfusedAttentionMovesSixteenBytesAScoreThroughTwoF32Products() {
        Map<String, Op> unfused = byName(internVitOneView(true).visionEncoderLayer(false));
        assertEquals(OpKind.VISION_F32, unfused.get("vit_kq").kind());
        assertEquals(OpKind.VISION_F32, unfused.get("vit_kqv").kind());
        assertEquals(2_151_680_000.0, unfused.get("vit_kq").flops(), 1);
        assertEquals(75_636_800.0, unfused.get("vit_kq").bytes(), 1);
        assertEquals(84_050_000.0, unfused.get("vit_softmax").flops(), 1);
        assertEquals(134_480_000.0, unfused.get("vit_softmax").bytes(), 1);
        assertEquals(2_151_680_000.0, unfused.get("vit_kqv").flops(), 1);
        assertEquals(75_636_800.0, unfused.get("vit_kqv").bytes(), 1);
        assertFalse(unfused.containsKey("vit_attention"));
        Op fused = byName(internVitOneView(true).visionEncoderLayer(true)).get("vit_attention");
        assertEquals(4_387_410_000.0, fused.flops(), 1);
        assertEquals(8_396_800.0, fused.bytes(), 1);
        // a build that fuses still runs the unfused graph when the run turns FlashAttention off
        assertTrue(byName(internVitOneView(false).visionEncoderLayer(true)).containsKey("vit_kq"));
    }

    /**
     * On a device of 100 TFLOPS for the F16-weight products, 25 TFLOPS for the F32 ones and 1 TB/s, per layer:
     * unfused KQ max(2.15168 G / 25 T = 86.07 us, 75.64 MB / 1 TB/s = 75.64 us) = 86.07 us, softmax
     * max(0.84 us, 134.48 us) = 134.48 us, KQV 86.07 us: 306.61 us; fused max(4.38741 G / 100 T = 43.87 us, 8.40 us) =
     * 43.87 us. The other ops are the same either way, so the 24 layers differ by 24 x 262.74 us = 6.306 ms.
     */
    @Test
    void theUnfusedGraphCostsItsScoreTrafficAndItsF32Products() {
        ExecutionUnit matrix = new ExecutionUnit("g", 100e12, 1e12, 0);
        ExecutionUnit vector = new ExecutionUnit("g", 25e12, 1e12, 0);
        RequestShape r = internVitOneView(true);
        double unfused = Roofline.visionSeconds(r, new VisionDevice(matrix, vector, false, true));
        double fused = Roofline.visionSeconds(r, new VisionDevice(matrix, vector, true, true));
        assertEquals(0.006306, unfused - fused, 0.000001);
    }

    /**
     * F32 x F32 products run on the FP32 units: on the RTX 4090 at the F16 path's rate times 82.6 / 330.3 = 0.2501
     * (FP32 peak over the FP16-accumulate tensor peak, Ada whitepaper App. A); the same bandwidth. On the CPU both
     * run on the FMA units: one rate.
     */
    @Test
    void f32ProductsRunAtTheFp32PeakShareOfTheMatrixRate() {
        VisionDevice gpu = VisionDevice.of(RTX4090, Backend.CUDA, CAL);
        assertEquals(82.6 / 330.3, gpu.vector().flopsPerSecond() / gpu.matrix().flopsPerSecond(), 1e-12);
        assertEquals(gpu.matrix().bytesPerSecond(), gpu.vector().bytesPerSecond(), 0);
        VisionDevice cpu = VisionDevice.of(RTX4090, Backend.CPU, CAL);
        assertEquals(cpu.matrix(), cpu.vector());
        // the vision factor derates both
        VisionDevice derated = VisionDevice.derated(RTX4090, Backend.CUDA, CAL);
        double factor = CAL.vision(Backend.CUDA).computeFactor();
        assertEquals(gpu.vector().flopsPerSecond() * factor, derated.vector().flopsPerSecond(), 1);
    }

    /** Builds before 2025-11-04 (PR #16837 with CUDA's head size 72, PR #16962) write the scores; later ones fuse. */
    @Test
    void aBuildBeforeTheClipFlashAttentionChangeRunsTheUnfusedGraph() {
        assertTrue(CAL.vision(Backend.CUDA).fusedAttention(), "an undated row and a sweep run today's builds");
        assertFalse(CAL.builtOn(KernelBuild.on(LocalDate.of(2024, 7, 1))).vision(Backend.CUDA).fusedAttention());
        assertFalse(CAL.builtOn(KernelBuild.on(LocalDate.of(2025, 11, 3))).vision(Backend.METAL).fusedAttention());
        assertTrue(CAL.builtOn(KernelBuild.on(LocalDate.of(2025, 11, 4))).vision(Backend.CUDA).fusedAttention());
        VisionPath then = CAL.builtOn(KernelBuild.on(LocalDate.of(2024, 7, 1))).vision(Backend.CUDA);
        assertEquals(CAL.vision(Backend.CUDA).computeFactor(), then.computeFactor(), 0);
        assertEquals(CAL.vision(Backend.CUDA).status(), then.status());
    }
}
