package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.Units;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/** The memory reasons' texts: what each says, built once per card (or figures) and value, the first one winning. */
class MemoryReasonTest {
    /** PC-High: an RTX 4090 (24 GiB) with 192 GiB of host memory. */
    private static final Platform PC_HIGH = TestCatalogs.platform("pc_high");

    /** Llama-2-7B, 64 prompt tokens, 128 generated, batch 1 on PC-High: the request the results are of. */
    private static final RequestShape SHAPE = RequestShape.of(Workload.text(TestCatalogs.model("llama2_7b"), PC_HIGH,
            1, 64, 128), TestCatalogs.CATALOGS.hardware().calibration());

    /** A builder of {@code weightsGib} + 1.25 GiB KV + 0.5 activations + 0.125 reserve on the GPU. */
    private static Result.Builder needing(double weightsGib) {
        return new Result.Builder("layer-offload", ExecutionMode.DENSE, SHAPE)
                .gpuMemory(weightsGib * Units.GIB, 1.25 * Units.GIB, 0.5 * Units.GIB, 0.125 * Units.GIB);
    }

    private static String reason(Result.Builder b) {
        return b.build().reason();
    }

    @Test
    void aGpuMemoryReasonNamesTheSettingItsValueTheFigureAndTheCard() {
        // 30 + 1.25 + 0.5 + 0.125 = 31.875 GiB: 318.75 tenths, rounded to 319 = "31.9 GiB"; the card 24 GiB
        String text = reason(needing(30).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 20));
        assertEquals("gpu_layers=20 needs 31.9 GiB of GPU memory, rtx4090 has 24.0 GiB", text);
        assertEquals("needs 31.9 GiB of GPU memory, rtx4090 has 24.0 GiB",
                reason(needing(30).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.NONE, 0)));
        assertEquals("moe_cpu_layers=3 needs 31.9 GiB of GPU memory, rtx4090 has 24.0 GiB",
                reason(needing(30).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.MOE_CPU_LAYERS, 3)));
    }

    @Test
    void theSameKeyGivesTheSameInstanceAndAnotherFigureItsOwnText() {
        String first = reason(needing(30).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 20));
        // 30.01 GiB of weights: 31.885 GiB, still 319 tenths, so the same text and the same instance
        assertSame(first, reason(needing(30.01).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 20)));
        // 30.1: 31.975 GiB, 319.75 tenths -> 320 = "32.0 GiB"
        assertEquals("gpu_layers=20 needs 32.0 GiB of GPU memory, rtx4090 has 24.0 GiB",
                reason(needing(30.1).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 20)));
        assertEquals("gpu_layers=21 needs 31.9 GiB of GPU memory, rtx4090 has 24.0 GiB",
                reason(needing(30).requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 21)));
    }

    @Test
    void aHostMemoryReasonStatesBothFiguresWhateverPlatformRecordHoldsThem() {
        // 200.04 GiB needed: 2000.4 tenths -> "200.0 GiB"; the platform 192 GiB, or 64 GiB by a sweep's override
        double needs = 200.04 * Units.GIB;
        String text = reason(needing(1).requireHostMemory(PC_HIGH, needs));
        assertEquals("needs 200.0 GiB of host memory, the platform has 192.0 GiB", text);
        assertSame(text, reason(needing(1).requireHostMemory(PC_HIGH.withHostMemory(192 * Units.GIB), needs)),
                "a platform made anew with the same figure gives the same text");
        assertEquals("needs 200.0 GiB of host memory, the platform has 64.0 GiB",
                reason(needing(1).requireHostMemory(PC_HIGH.withHostMemory(64 * Units.GIB), needs)));
    }

    @Test
    void theFirstReasonWinsAndTheLaterChecksBuildNoText() {
        // the vision tower, activations and reserve alone: 25.26 GiB -> 252.6 tenths -> 253 = "25.3 GiB"
        Result.Builder b = needing(30).requireGpuRoom(PC_HIGH.gpu(), 25.26 * Units.GIB)
                .requireGpuMemory(PC_HIGH.gpu(), LayerSetting.GPU_LAYERS, 20)
                .requireHostMemory(PC_HIGH, 500 * Units.GIB);
        assertEquals("the vision tower, activations and runtime reserve alone need 25.3 GiB of GPU memory, rtx4090 "
                + "has 24.0 GiB", reason(b));
    }

    @Test
    void aFigureBeyondTheKeysBitsIsStillStated() {
        // 2^40 GiB of host memory needed: 10 * 2^40 tenths is past the key's 39 bits, so the text is built anew
        assertEquals("needs 1099511627776.0 GiB of host memory, the platform has 192.0 GiB",
                reason(needing(1).requireHostMemory(PC_HIGH, Math.pow(2, 40) * Units.GIB)));
    }
}
