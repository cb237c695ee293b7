package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.RuntimeConstants;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.validate.Calibrator;

/**
 * The CPU's attention as a kernel path of its own: ggml-cpu's score and value products are F16/F32 dot products of one
 * head's length at the shipped {@code cpu_attention_compute} (0.27) of the run's FP32 FMA peak, whatever the weights'
 * format, not the weights' integer kernels.
 */
class CpuAttentionPathTest {
    private static final Calibration SHIPPED = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Workload Q4_0 = Workload.text(TestCatalogs.model("llama2_7b"),
            TestCatalogs.platform("rtx4090+r9_7950x"), 1, 512, 16).withPrecision(new Precision(4.5, 16, 16, "q4_0"));
    /** One GFLOP and no bytes: its time is its compute. */
    private static final double GFLOP = 1e9;

    /**
     * Ryzen 9 7950X, 16 threads on its 16 cores (compute share 1): attention at 2.92 TFLOPS x 0.27 = 788.4 GFLOP/s,
     * so one GFLOP of scores takes 1 / 788.4 = 1.2684 ms; a GFLOP of the Q4_0 weights' products runs the integer
     * kernels at 2.2253 TOPS (CpuMatmulPathTest: 1 / (1.7473e-13 + 2.7466e-13)), 0.4494 ms. Before, the scores ran
     * at that rate too, 2.82x too fast beside the measured kernel.
     */
    @Test
    void aQuantizedModelsAttentionRunsAtTheAttentionPathNotAtTheIntegerKernels() {
        assertEquals(0.27, SHIPPED.runtime().cpuAttentionCompute(), 0);
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(Q4_0, SHIPPED);
        assertEquals(788.4e9, cpu.attentionFlopsPerSecond(), 1e6);
        assertEquals(2.2253e12, cpu.flopsPerSecond(), 1e8);
        Op scores = new Op("qk_matmul", OpKind.ATTENTION, GFLOP, 0, 0, 0, 0);
        Op up = new Op("ffn_up", OpKind.FFN, GFLOP, 0, 0, 0, 0);
        assertEquals(1.2684e-3, cpu.seconds(scores), 1e-7);
        assertEquals(0.4494e-3, cpu.seconds(up), 1e-7);
        assertEquals(788.4e9, cpu.flopsPerSecondOf(scores), 1e6);
        assertTrue(!cpu.memoryBound(scores), "no bytes: compute-bound");
    }

    /**
     * The same products over F16 weights: the weights' FMA path at 0.5 of 2.92 TFLOPS = 1.46 TFLOPS, the attention
     * still at 788.4 GFLOP/s: the path is the attention's, not the weights'.
     */
    @Test
    void theAttentionRateDoesNotFollowTheWeightsFormat() {
        ExecutionUnit f16 = ExecutionUnit.hostCpuOf(Q4_0.withPrecision(Precision.FP16), SHIPPED);
        assertEquals(1.46e12, f16.flopsPerSecond(), 1e8);
        assertEquals(788.4e9, f16.attentionFlopsPerSecond(), 1e6);
    }

    /**
     * Eight threads on the 7950X's 16 cores: half its peak, so 394.2 GFLOP/s of attention; the decode steps' closed
     * form ({@link Roofline#decodeSeconds}) prices them at it too: 1 GFLOP then 2 GFLOP over two steps, 3 / 394.2e9 =
     * 7.610 ms.
     */
    @Test
    void theRunsThreadsAndTheDecodeStepsTakeTheAttentionRate() {
        org.roofsweep.core.hardware.Platform p = Q4_0.platform();
        Workload eight = Q4_0.withPlatform(new org.roofsweep.core.hardware.Platform(p.key(), p.gpu(),
                p.cpu().onThreads(8, Double.POSITIVE_INFINITY), p.hostMemoryBytes(), p.hostBandwidthBytesPerSecond()));
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(eight, SHIPPED);
        assertEquals(394.2e9, cpu.attentionFlopsPerSecond(), 1e6);
        Op first = new Op("qk_matmul", OpKind.ATTENTION, GFLOP, 0, 0, 0, 0);
        Op second = new Op("qk_matmul", OpKind.ATTENTION, 2 * GFLOP, 0, 0, 0, 0);
        assertEquals(7.610e-3, Roofline.decodeSeconds(new Op[] {first}, new Op[] {second}, cpu, 2), 1e-6);
    }

    /** An engine whose FlashAttention tiles K and V (ik_llama.cpp) runs its products as matrix kernels. */
    @Test
    void anEngineWithTiledAttentionRunsItAtItsMatrixRate() {
        ExecutionUnit tiled = ExecutionUnit.hostCpuOf(Q4_0, SHIPPED.withTiledCpuAttention());
        assertEquals(tiled.flopsPerSecond(), tiled.attentionFlopsPerSecond(), 0);
        assertEquals(Double.POSITIVE_INFINITY, tiled.scanCacheBytes());
    }

    /** A GPU's attention keeps its matrix rate: the path is the CPU's. */
    @Test
    void aGpusAttentionKeepsItsMatrixRate() {
        ExecutionUnit gpu = ExecutionUnit.gpuOf(Q4_0, SHIPPED);
        assertEquals(gpu.flopsPerSecond(), gpu.attentionFlopsPerSecond(), 0);
    }

    /**
     * The prompt fits' ideal prices the attention at the CPU's peak (share 1), as it prices every other CPU path at
     * efficiency 1; the share is an efficiency in (0, 1], or infinite for a tiled engine.
     */
    @Test
    void theShareIsAnEfficiencyAndTheFitsIdealRunsAtThePeak() {
        assertEquals(1, Calibrator.ideal(SHIPPED).runtime().cpuAttentionCompute(), 0);
        RuntimeConstants r = SHIPPED.runtime();
        assertThrows(IllegalArgumentException.class, () -> r.withCpuAttentionCompute(0));
        assertThrows(IllegalArgumentException.class, () -> r.withCpuAttentionCompute(1.5));
        assertThrows(IllegalArgumentException.class, () -> r.withCpuAttentionCompute(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, r.withTiledCpuAttention().cpuAttentionCompute());
    }
}
