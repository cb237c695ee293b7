package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.Workload;

/** Every op of a point on the device its system runs it on, an op two devices share once per device. */
class DeviceOpsTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final String PC = "rtx4090+i9_13900k";

    private static List<DeviceOps.Row> rows(List<DeviceOps.Row> all, String phase, String op) {
        return all.stream().filter(r -> r.phase().equals(phase) && r.op().name().equals(op)).toList();
    }

    private static DeviceOps.Row one(List<DeviceOps.Row> all, String phase, String op, String device) {
        List<DeviceOps.Row> found = rows(all, phase, op).stream().filter(r -> r.device().equals(device)).toList();
        assertEquals(1, found.size(), phase + " " + op + " on the " + device + ": " + found);
        return found.get(0);
    }

    /**
     * ProSparse-LLaMA2-13B at sparsity 0.9 under powerinfer on the RTX 4090 (24 GB) with the i9-13900K, F16, batch 1:
     * 26 GB of weights do not fit, so PowerInfer splits each FFN. A token activates 13824 x (1 - 0.9) = 1382.4 of a
     * layer's 13824 neurons, each 3 x 5120 weights (gate and up rows, a down column): 2 FLOPs per weight, so the two
     * halves of a decode step compute 1382.4 x 6 x 5120 = 42,467,328 FLOPs and read 1382.4 x 3 x 5120 x 2 B =
     * 42,467,328 B between them (one token's union is its own active set). The GPU's share of those FLOPs is the
     * result's gpu_neuron_share. The predictor (the model's released 7.8e8 F16 weights, 19,500,000 a layer): 2 x
     * 19,500,000 = 39,000,000 FLOPs per token and as many bytes, on the GPU with the dense block; gate, up and down
     * themselves have no rows.
     */
    @Test
    void powerinferSplitsEachFfnIntoAGpuAndACpuHalf() {
        Workload w = Workload.text(TestCatalogs.model("prosparse_llama2_13b"), TestCatalogs.platform(PC), 1, 64, 128)
                .withSparsity(0.9);
        PowerInfer pi = new PowerInfer();
        Result r = pi.evaluate(w, CAL);
        assertEquals(ExecutionMode.SPARSE, r.mode());
        List<DeviceOps.Row> all = DeviceOps.of(pi, w, CAL);
        DeviceOps.Row hot = one(all, "decode", "ffn_hot", DeviceOps.GPU);
        DeviceOps.Row cold = one(all, "decode", "ffn_cold", DeviceOps.CPU);
        assertEquals(40, hot.repeat());
        assertEquals(40, cold.repeat());
        assertEquals(42_467_328, hot.op().flops() + cold.op().flops(), 1e-3);
        assertEquals(42_467_328, hot.op().weightBytes() + cold.op().weightBytes(), 1e-3);
        assertEquals(r.gpuNeuronShare(), hot.op().flops() / (hot.op().flops() + cold.op().flops()), 1e-12);
        assertTrue(hot.op().flops() > 0 && cold.op().flops() > 0, "both halves work");
        DeviceOps.Row predictor = one(all, "decode", "predictor", DeviceOps.GPU);
        assertEquals(39_000_000, predictor.op().flops(), 1e-6);
        assertEquals(39_000_000, predictor.op().weightBytes(), 1e-6);
        assertTrue(rows(all, "decode", "up_proj").isEmpty(), "the halves replace the dense FFN ops");
        // the prefill's halves: the 64 prompt tokens compute 64 times the step's FLOPs
        double prefill = one(all, "prefill", "ffn_hot", DeviceOps.GPU).op().flops()
                + one(all, "prefill", "ffn_cold", DeviceOps.CPU).op().flops();
        assertEquals(64 * 42_467_328.0, prefill, 1e-3);
        assertTrue(all.stream().filter(x -> x.device().equals(DeviceOps.CPU))
                .allMatch(x -> x.op().name().equals("ffn_cold")), "all else fits on the GPU: " + all);
    }

    /**
     * LLaMA2-13B in F16 under layer-offload on the same pair: 40 layers of 634 MB do not all fit in 24 GB, so the GPU
     * runs the result's gpu_layers of each decode op and the CPU the rest; the head (328 MB) stays on the host. A
     * prompt of 64 tokens (at least llama.cpp's 32) runs the CPU layers' matrix products on the GPU as well, while
     * their attention over the host KV cache stays on the CPU; a 16-token prompt keeps them on the CPU.
     */
    @Test
    void layerOffloadSplitsEveryLayerOpByTheLayerCount() {
        Workload w = Workload.text(TestCatalogs.model("llama2_13b"), TestCatalogs.platform(PC), 1, 64, 128);
        Result r = new LayerOffload().evaluate(w, CAL);
        int n = r.gpuLayers();
        assertTrue(n > 0 && n < 40, "a partial offload: " + n);
        List<DeviceOps.Row> all = DeviceOps.of(new LayerOffload(), w, CAL);
        assertEquals(n, one(all, "decode", "q_proj", DeviceOps.GPU).repeat());
        assertEquals(40 - n, one(all, "decode", "q_proj", DeviceOps.CPU).repeat());
        assertEquals(40, one(all, "prefill", "q_proj", DeviceOps.GPU).repeat());
        assertTrue(all.stream().filter(x -> x.phase().equals("prefill") && x.op().kind() == OpKind.ATTENTION)
                .allMatch(x -> x.repeat() == (x.device().equals(DeviceOps.GPU) ? n : 40 - n)), all.toString());
        assertEquals(DeviceOps.CPU, rows(all, "decode_head", "lm_head").get(0).device());

        List<DeviceOps.Row> shortPrompt = DeviceOps.of(new LayerOffload(), w.withPrompt(16), CAL);
        assertEquals(40 - n, one(shortPrompt, "prefill", "q_proj", DeviceOps.CPU).repeat());
    }

    /**
     * Mixtral-8x7B in Q4_0 under moe-offload: the routed experts of a few layers stay on the host. One MoE layer's
     * gate_proj rows in a decode step read the 2 routed experts of 8: 2 x 4096 x 14336 x 4.5 / 8 B = 66,060,288 B;
     * the GPU runs those of gpu_layers layers, the CPU the rest of the 32.
     */
    @Test
    void moeOffloadPutsTheExpertsOfItsCpuLayersOnTheCpu() {
        Workload w = Workload.text(TestCatalogs.model("mixtral_8x7b"), TestCatalogs.platform(PC), 1, 64, 128)
                .withPrecision(new Precision(4.5, 16, 16));
        Result r = new MoeOffload().evaluate(w, CAL);
        assertTrue(r.fits() && r.gpuLayers() < 32, r.reason() + " " + r.gpuLayers());
        List<DeviceOps.Row> all = DeviceOps.of(new MoeOffload(), w, CAL);
        DeviceOps.Row gpu = one(all, "decode", "gate_proj", DeviceOps.GPU);
        DeviceOps.Row cpu = one(all, "decode", "gate_proj", DeviceOps.CPU);
        assertEquals(r.gpuLayers(), gpu.repeat());
        assertEquals(32 - r.gpuLayers(), cpu.repeat());
        assertEquals(66_060_288, cpu.op().weightBytes(), 1e-3);
        assertEquals(1, rows(all, "decode", "q_proj").size(), "attention stays on the GPU");
    }

    @Test
    void denseGpuAndCpuOnlyUseOneDeviceEach() {
        Workload w = Workload.text(TestCatalogs.model("llava_1_5_7b"), TestCatalogs.platform(PC), 1, 64, 128)
                .withImages(1, 336, 336);
        assertTrue(DeviceOps.of(new DenseGpu(), w, CAL).stream().allMatch(x -> x.device().equals(DeviceOps.GPU)));
        List<DeviceOps.Row> cpu = DeviceOps.of(new CpuOnly(), w, CAL);
        assertTrue(cpu.stream().allMatch(x -> x.device().equals(DeviceOps.CPU)));
        assertTrue(cpu.stream().anyMatch(x -> x.phase().equals("vision")), "the image's encoder rows");
    }
}
