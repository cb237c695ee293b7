package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

/** A backend's launch figures at its launch clock, and what cards of other clocks pay, worked by hand. */
class LaunchClockTest {
    private static final double US = 1e-6;

    /** An NVIDIA card of {@code cores} (compute capability 8.6: it captures graphs), nothing else the launches read. */
    private static Gpu card(CoreClock cores) {
        return new Gpu("card", "card", List.of(), "nvidia", "Ampere (GA102, sm_86)", "ampere_geforce", 24e9, 936e9,
                PeakThroughput.NONE, new HostLink(HostLink.Kind.PCIE, 4, 16, 31.5e9), 350, Double.NaN, Map.of(),
                cores);
    }

    /** 80 us a layer at 2520 MHz, a captured step's 52 us a layer. */
    private static BackendCalibration cuda() {
        Efficiency e = new Efficiency(0.9, 0.75, 80 * US, 1, Efficiency.QuantizedPath.INT8, 0, StreamCap.NONE, 0, 0,
                2520e6);
        BackendCalibration shipped = TestCatalogs.CATALOGS.hardware().calibration().backends().get(Backend.CUDA);
        return new BackendCalibration(Backend.CUDA, e, "fitted").withGraphs(shipped.graphs().with(52 * US, "fitted"));
    }

    /**
     * An RTX 3090's 1695 MHz pays 2520 / 1695 = 1.4867 times the figures: 80 x 1.4867 = 118.94 us a layer launching
     * every kernel, 52 x 1.4867 = 77.31 us captured; a card at the launch clock pays them as they are, and so does a
     * card that states no clock.
     */
    @Test
    void aSlowerClockPaysTheLaunchesInProportion() {
        BackendCalibration b = cuda();
        Gpu rtx3090 = card(new CoreClock(82, 1695e6));
        assertEquals(1.4867, b.efficiency().launchScale(rtx3090), 1e-4);
        assertEquals(118.94 * US, b.stepLayerOverheadSeconds(rtx3090, 2, false), 0.01 * US);
        assertEquals(77.31 * US, b.stepLayerOverheadSeconds(rtx3090, 1, false), 0.01 * US);
        assertEquals(80 * US, b.stepLayerOverheadSeconds(card(new CoreClock(128, 2520e6)), 2, false), 1e-12);
        assertEquals(80 * US, b.stepLayerOverheadSeconds(card(CoreClock.NONE), 2, false), 1e-12);
    }

    /**
     * The efficiency a card runs is at its own clock, with no launch clock left to apply twice; a backend without a
     * launch clock gives every card its figure.
     */
    @Test
    void theCardsEfficiencyCarriesItsOwnLaunchCost() {
        Calibration shipped = TestCatalogs.CATALOGS.hardware().calibration();
        Map<Backend, BackendCalibration> backends = new EnumMap<>(shipped.backends());
        backends.put(Backend.CUDA, cuda());
        Calibration c = shipped.with(backends, Map.of());
        Gpu rtx3090 = card(new CoreClock(82, 1695e6));
        Efficiency e = c.gpu(rtx3090, Backend.CUDA);
        assertEquals(118.94 * US, e.layerOverheadSeconds(), 0.01 * US);
        assertTrue(Double.isNaN(e.launchClockHz()));
        assertEquals(e.layerOverheadSeconds(), e.onClockOf(rtx3090).layerOverheadSeconds(), 1e-15);
        Efficiency plain = new Efficiency(0.9, 0.75, 80 * US);
        assertEquals(1, plain.launchScale(rtx3090), 0);
    }

    /**
     * The shipped CUDA, Vulkan and SYCL figures are quoted at the RTX 4090's boost clock (its catalog file's 2520 MHz),
     * so the 4090 pays them as they are; ROCm and Metal quote none.
     */
    @Test
    void theShippedLaunchClockIsTheRtx4090s() {
        Calibration shipped = TestCatalogs.CATALOGS.hardware().calibration();
        Gpu rtx4090 = TestCatalogs.CATALOGS.hardware().gpu("rtx4090").orElseThrow();
        assertEquals(2520e6, rtx4090.cores().boostClockHz(), 0);
        for (Backend b : new Backend[] {Backend.CUDA, Backend.VULKAN, Backend.SYCL}) {
            Efficiency e = shipped.backends().get(b).efficiency();
            assertEquals(rtx4090.cores().boostClockHz(), e.launchClockHz(), 0, b.key());
            assertEquals(1, e.launchScale(rtx4090), 0, b.key());
        }
        assertTrue(Double.isNaN(shipped.backends().get(Backend.ROCM).efficiency().launchClockHz()));
        assertTrue(Double.isNaN(shipped.backends().get(Backend.METAL).efficiency().launchClockHz()));
    }
}
