package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.PreBackendOffload.KvPlacement;

/**
 * A build before ggml-backend counts {@code -ngl} two past the output layer: of a 32-layer model the KV cache stays in
 * host memory through {@code -ngl 33} = n_layer + 1, the V cache moves at 34, the K cache at 35. Any point whose
 * calibration names such a build ({@link Calibration#builtOn}) is placed so, not only a measured row.
 */
class PreBackendOffloadTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final KernelBuild SEP_2023 = KernelBuild.on(LocalDate.of(2023, 9, 23));

    private static Workload llama7b(int gpuLayers) {
        return Workload.text(TestCatalogs.model("llama1_7b"), TestCatalogs.platform("rtx3090ti+i9_13900k", 64), 1,
                1, 128).withPrecision(new Precision(4.5, 16, 16)).withGpuLayers(gpuLayers).toBuilder()
                .flashAttention(false).build();
    }

    private static LayerOffload.Split split(Workload w, Calibration c) {
        return LayerOffload.split(w, c, RequestShape.of(w, c), LayerOffload.NAME);
    }

    @Test
    void theCacheStaysOnTheHostUntilTheCountPassesTheLayersByTwo() {
        assertEquals(KvPlacement.HOST, PreBackendOffload.of(10, 32));
        assertEquals(KvPlacement.HOST, PreBackendOffload.of(32, 32));
        assertEquals(KvPlacement.HOST, PreBackendOffload.of(33, 32));
        assertEquals(KvPlacement.SPLIT, PreBackendOffload.of(34, 32));
        assertEquals(KvPlacement.WITH_LAYERS, PreBackendOffload.of(35, 32));
        assertEquals(KvPlacement.WITH_LAYERS, PreBackendOffload.of(99, 32));
        // all that fit: placed as today's builds place them
        assertEquals(KvPlacement.WITH_LAYERS, PreBackendOffload.of(-1, 32));
    }

    @Test
    void aBuildIsBeforeGgmlBackendUpToTheDayBeforeTheMerge() {
        assertTrue(KernelBuild.on(LocalDate.of(2024, 1, 11)).beforeGgmlBackend());
        assertFalse(KernelBuild.on(KernelBuild.GGML_BACKEND).beforeGgmlBackend());
        assertFalse(new KernelBuild(java.util.Optional.empty(), "", "").beforeGgmlBackend());
    }

    /**
     * A sweep point of {@code -ngl 32} under a calibration built on 2023-09-23 has its cache in host memory and prices
     * exactly what {@code -nkvo} on such a build's host-driven graph would (the same split, the same costs); under
     * today's build the cache stays with the layers.
     */
    @Test
    void aPointNamingA2023BuildRunsItsCacheOnTheHost() {
        Calibration then = CAL.builtOn(SEP_2023);
        assertTrue(then.hostDrivenGraph(TestCatalogs.platform("rtx3090ti+i9_13900k", 64).gpu()));
        assertTrue(split(llama7b(32), then).kvOnHost());
        assertFalse(split(llama7b(32), CAL).kvOnHost());
        Result placed = new LayerOffload().evaluate(llama7b(32), then);
        Result asNkvo = new LayerOffload().evaluate(llama7b(32).toBuilder().kvOffload(true).build(), then);
        assertTrue(placed.fits(), placed.reason());
        assertEquals(asNkvo.decodeSeconds(), placed.decodeSeconds(), 0);
        assertEquals(0, placed.gpuKvBytes(), 0);
    }

    /** {@code -ngl 34} (V on the GPU, K on the host) is not priced; {@code -ngl 35} places every layer and cache. */
    @Test
    void theSplitCacheIsRejectedAndTheFullCountOffloadsEverything() {
        Calibration then = CAL.builtOn(SEP_2023);
        Result at34 = new LayerOffload().evaluate(llama7b(34), then);
        assertFalse(at34.fits());
        assertEquals(PreBackendOffload.SPLIT_KV, at34.reason());
        LayerOffload.Split at35 = split(llama7b(35), then);
        assertFalse(at35.kvOnHost() || at35.kvSplit());
        assertTrue(at35.headOnGpu());
        // CUDA has no earlier decode generation: the full offload decodes as today's build does without the CUDA
        // graphs the 2023 build predates
        assertEquals(new LayerOffload().evaluate(llama7b(35), CAL.withoutGraphCapture()).decodeSeconds(),
                new LayerOffload().evaluate(llama7b(35), then).decodeSeconds(), 0);
    }

    /** A Vulkan build of the same date on the same NVIDIA card is not ggml-cuda's host-driven graph. */
    @Test
    void anotherBackendOfThatDateKeepsTheCacheWithItsLayers() {
        Calibration vulkanThen = CAL.running(Backend.VULKAN).builtOn(SEP_2023);
        assertFalse(vulkanThen.hostDrivenGraph(TestCatalogs.platform("rtx3090ti+i9_13900k", 64).gpu()));
        assertFalse(split(llama7b(32), vulkanThen).kvOnHost());
    }
}
