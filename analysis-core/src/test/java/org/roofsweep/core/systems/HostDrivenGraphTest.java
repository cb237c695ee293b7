package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * A partial offload as llama.cpp's CUDA builds before the ggml-backend scheduler ran it (the llama-bench README's 2023
 * sweep: LLaMA 7B Q4_0 on an RTX 3090 Ti with an i9-13900K, the KV cache in host memory up to {@code -ngl 33}).
 */
class HostDrivenGraphTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    /** The README sweep's build, 3469684 of 2023-09-23: before ggml-backend, so its partial offload is host-driven. */
    private static final Calibration THEN = CAL.builtOn(KernelBuild.on(LocalDate.of(2023, 9, 23)));
    private static final Precision Q4_0 = new Precision(4.5, 16, 16);

    private static Workload llama7b(int prompt, int generated) {
        return Workload.text(TestCatalogs.model("llama1_7b"), TestCatalogs.platform("rtx3090ti+i9_13900k", 64), 1,
                prompt, generated).withPrecision(Q4_0).withGpuLayers(32).toBuilder().kvOffload(true)
                .flashAttention(false).build();
    }

    /**
     * Decode at {@code -ngl 32}: each of the 32 GPU layers copies its Q, K and V results down and synchronises three
     * times and copies the attention output up, four copies against today's two splits, and the CPU's thread pool
     * walks its nodes: per layer and step 2 x 10 us more latency plus the CPU's barrier cost of its threads (8 P-core
     * threads x 1.15 us = 9.2 us today), over 32 layers x the 127 decode steps after the prompt's token = 4,064
     * layer-steps: 4,064 x 29.2 us = 0.11867 s.
     */
    @Test
    void aHostDrivenGraphPaysTwoMoreCopiesAndTheThreadPoolPerGpuLayer() {
        Workload w = llama7b(1, 128);
        // today's build without CUDA graphs, which the 2023 build predates: the two differ by the graph's driving alone
        Result today = new LayerOffload().evaluate(w, CAL.withoutGraphCapture());
        Result then = new LayerOffload().evaluate(w, THEN);
        assertTrue(today.fits() && then.fits(), today.reason() + then.reason());
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(w, CAL);
        double perLayerStep = 2 * CAL.runtime().linkLatencySeconds() + cpu.overhead(1, 1);
        assertEquals(32 * 127 * perLayerStep, then.decodeSeconds() - today.decodeSeconds(), 1e-9);
        assertEquals(0.11867, 32 * 127 * perLayerStep, 0.0005);
    }

    /**
     * One layer's 512-token prompt attention: the score product reads K (512 x 4096 x 2 B = 4 MiB) and Q (4 MiB) and
     * writes the F32 scores (32 heads x 512 x 512 x 4 B = 32 MiB); the value product reads V (4 MiB) and the scores
     * and writes its output (4 MiB): 80 MiB = 83,886,080 B over PCIe 4.0 x16 at 31.5 GB/s x 0.85 = 26.775 GB/s =
     * 3.1330 ms, plus one synchronisation per product, 2 x 10 us: 3.1530 ms. The CPU's three passes read and write the
     * scores: 3 x 2 x 32 MiB = 192 MiB at the CPU's streaming rate.
     */
    @Test
    void thePromptsProductsGoToTheGpuWithTheirHostOperands() {
        Workload w = llama7b(512, 1);
        HostKvAttention a = HostKvAttention.of(w, CAL, RequestShape.of(w, CAL).prefillLayer(),
                ExecutionUnit.gpuOf(w, CAL), ExecutionUnit.hostCpuOf(w, CAL));
        assertEquals(3.1530e-3, a.linkSeconds(), 0.002 * 3.1530e-3);
        assertEquals(ExecutionUnit.hostCpuOf(w, CAL).seconds(0, 3 * 2 * 32.0 * (1 << 20)), a.cpuSeconds(),
                1e-3 * a.cpuSeconds());
        assertTrue(a.gpuSeconds() > 0);
    }

    /**
     * At {@code -ngl 10} the prompt's link time grows by every layer's attention copies (above), the GPU layers' two
     * more Q/K/V copies (10 x 2 x 10 us) and each of the 22 CPU layers' seven weight products copying their F32
     * operands in (3 x 4096 + 4096 + 2 x 4096 + 11008 = 35,584 floats a token) and results out (4096 + 2 x 4096 +
     * 4096 + 2 x 11008 + 4096 = 42,496): 78,080 floats x 4 B x 512 tokens = 159,907,840 B at 26.775 GB/s = 5.9723 ms
     * plus 7 x 10 us = 6.0423 ms a layer, 132.93 ms over the 22.
     */
    @Test
    void theCpuLayersProductsCopyTheirOperandsAndResults() {
        Workload w = llama7b(512, 1).withGpuLayers(10);
        Result today = new LayerOffload().evaluate(w, CAL);
        Result then = new LayerOffload().evaluate(w, THEN);
        HostKvAttention a = HostKvAttention.of(w, CAL, RequestShape.of(w, CAL).prefillLayer(),
                ExecutionUnit.gpuOf(w, CAL), ExecutionUnit.hostCpuOf(w, CAL));
        double latency = CAL.runtime().linkLatencySeconds();
        double expected = 32 * a.linkSeconds() + 10 * 2 * latency + 22 * 6.0423e-3;
        assertEquals(expected, then.transferSeconds() - today.transferSeconds(), 1e-4 * expected);
    }

    /**
     * With FlashAttention (no build before ggml-backend had it) there is no score matrix to ship: the attention stays
     * on the CPU, nothing crosses.
     */
    @Test
    void aFusedAttentionStaysOnTheCpu() {
        Workload w = llama7b(512, 1).toBuilder().flashAttention(true).build();
        Op[] layer = RequestShape.of(w, CAL).prefillLayer();
        HostKvAttention a = HostKvAttention.of(w, CAL, layer, ExecutionUnit.gpuOf(w, CAL),
                ExecutionUnit.hostCpuOf(w, CAL));
        assertEquals(0, a.gpuSeconds() + a.linkSeconds(), 0);
        assertTrue(a.cpuSeconds() > 0);
    }
}
