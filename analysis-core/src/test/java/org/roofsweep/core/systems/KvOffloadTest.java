package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

/** layer-offload with {@code kv_offload} (llama.cpp {@code -nkvo}): the KV cache leaves the GPU for host memory. */
class KvOffloadTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    /**
     * Llama-2-13B FP16 at a 4096-token context on a 12 GB card: each layer's cache is 4096 x 2 x 5120 x 2 B = 80 MiB
     * beside 300 MiB of weights, so without it on the GPU more layers fit; the host then holds all 40 layers' cache
     * (3.125 GiB) and the decode pays the CPU's attention and the per-layer Q/K/V round trips.
     */
    @Test
    void theCacheMovesToTheHostAndMoreLayersFit() {
        Workload w = Workload.text(TestCatalogs.model("llama2_13b"), TestCatalogs.platform("rtx3060_12gb+i7_12700k", 64),
                1, 3968, 128).withPrecision(Precision.FP16);
        Result onGpu = new LayerOffload().evaluate(w, CAL);
        Result onHost = new LayerOffload().evaluate(w.toBuilder().kvOffload(true).build(), CAL);
        assertTrue(onGpu.fits() && onHost.fits(), onGpu.reason() + onHost.reason());
        assertEquals(0, onHost.gpuKvBytes(), 0);
        assertTrue(onHost.gpuLayers() > onGpu.gpuLayers(), onHost.gpuLayers() + " vs " + onGpu.gpuLayers());
        assertEquals(40 * 4096 * 2 * 5120 * 2.0, onHost.kvBytes(), 1);
        // other systems ignore the setting
        Result dense = new DenseGpu().evaluate(w.toBuilder().kvOffload(true).build(), CAL);
        assertEquals(new DenseGpu().evaluate(w, CAL).gpuBytes(), dense.gpuBytes(), 0);
    }
}
