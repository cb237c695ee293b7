package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/** The kernel launches of the CLIP graph: the backend's cost per layer, once per layer of every graph it computes. */
class VisionLaunchTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final Platform RTX4090 = TestCatalogs.platform("rtx4090+i9_13900k");

    /** InternVL2.5's InternViT over a 896 x 448 image: two 448 px tiles and the thumbnail, 3 views. */
    private static RequestShape internVitThreeViews(int images) {
        return RequestShape.of(Workload.text(TestCatalogs.model("internvl2_5_8b"), RTX4090, 1, 32, 16)
                .withImages(images, 896, 448), CAL);
    }

    /**
     * A device that launches for 100 us a layer, no other cost: 3 views of 24 layers, a graph each (llama.cpp's mtmd),
     * 3 x 24 x 100 us = 7.2 ms; all views in one graph (the InternVL fork), 24 x 100 us = 2.4 ms; two such images,
     * 14.4 and 4.8 ms.
     */
    @Test
    void eachGraphLaunchesEveryLayerOnce() {
        ExecutionUnit launchOnly = new ExecutionUnit("g", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 100e-6);
        RequestShape one = internVitThreeViews(1);
        assertEquals(3, one.visionViews());
        assertEquals(0.0072, new VisionDevice(launchOnly, launchOnly, true, true).launchSeconds(one), 1e-12);
        assertEquals(0.0024, new VisionDevice(launchOnly, launchOnly, true, false).launchSeconds(one), 1e-12);
        RequestShape two = internVitThreeViews(2);
        assertEquals(0.0144, new VisionDevice(launchOnly, launchOnly, true, true).launchSeconds(two), 1e-12);
        assertEquals(0.0048, new VisionDevice(launchOnly, launchOnly, true, false).launchSeconds(two), 1e-12);
        assertEquals(0.0072, Roofline.visionSeconds(one, new VisionDevice(launchOnly, launchOnly, true, true)), 1e-12);
    }

    /**
     * On the RTX 4090 under CUDA the cost is the backend's fitted launch_us_per_layer, 77.3 us at the launch clock of
     * 2520 MHz, the 4090's boost clock (calibration.json; ada_geforce's deviation scales memory and compute, not
     * launches; a CLIP graph is not a one-token decode step, so no CUDA graph replays it): today's mtmd over the 3
     * views, 3 x 24 x 77.3 us = 5.566 ms, whatever the vision factor; the fork's one graph, 24 x 77.3 us = 1.855 ms.
     * An RTX 3090 at 1695 MHz pays 77.3 x 2520 / 1695 = 114.9 us a layer: 3 x 24 x 114.9 us = 8.275 ms.
     */
    @Test
    void theGpuPaysItsBackendsLaunchCostPerLayer() {
        RequestShape r = internVitThreeViews(1);
        VisionDevice today = VisionDevice.derated(RTX4090, Backend.CUDA, CAL);
        assertEquals(0.005566, today.launchSeconds(r), 1e-6);
        assertEquals(today.launchSeconds(r), today.withComputeFactor(0.5).launchSeconds(r), 0);
        VisionDevice fork = VisionDevice.derated(RTX4090, Backend.CUDA, CAL.withViewsInOneGraph());
        assertEquals(0.001855, fork.launchSeconds(r), 1e-6);
        Platform rtx3090 = TestCatalogs.platform("rtx3090+i9_13900k");
        RequestShape on3090 = RequestShape.of(Workload.text(TestCatalogs.model("internvl2_5_8b"), rtx3090, 1, 32, 16)
                .withImages(1, 896, 448), CAL);
        assertEquals(0.008275, VisionDevice.derated(rtx3090, Backend.CUDA, CAL).launchSeconds(on3090), 2e-6);
    }

    /** A request without images launches nothing. */
    @Test
    void noImagesNoLaunches() {
        RequestShape text = RequestShape.of(Workload.text(TestCatalogs.model("internvl2_5_8b"), RTX4090, 1, 32, 16),
                CAL);
        assertEquals(0, VisionDevice.derated(RTX4090, Backend.CUDA, CAL).launchSeconds(text));
    }
}
