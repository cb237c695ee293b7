package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class DecodeGenerationTest {
    private static final BackendCalibration VULKAN =
            TestCatalogs.CATALOGS.hardware().calibration().backends().get(Backend.VULKAN);

    /**
     * Vulkan as calibration.json ships it: today's kernels stream at 0.931 of the bus, builds before 2025-09-01
     * (PRs #15355 and #14903) at 0.849, builds before 2024-12-01 (PR #10387) at 0.655, each at the pooled 44.4 us per
     * layer at the launch clock of 2520 MHz (issue 15's seventeenth session; 0.923, 0.782 and 0.637 at 41.2 us for
     * every card before it, 0.855, 0.711 and 0.59 at 33.0 us under least squares before Huber's loss). A
     * generation's end date is the next one's first day.
     */
    @Test
    void aBuildRunsTheDecodeKernelsOfItsGeneration() {
        assertEquals(0.655, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 3, 1))).efficiency().memory(), 1e-12);
        assertEquals("fitted", VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 3, 1))).status());
        assertEquals(0.849, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 12, 1))).efficiency().memory(), 1e-12);
        assertEquals(0.849, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 8, 1))).efficiency().memory(), 1e-12);
        assertEquals("fitted", VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 8, 1))).status());
        assertEquals(0.931, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 9, 1))).efficiency().memory(), 1e-12);
        assertEquals(44.4e-6,
                VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 5, 1))).efficiency().layerOverheadSeconds(), 1e-12);
        // the prompt path is not the decode kernels': every generation keeps today's
        assertEquals(VULKAN.efficiency().quantizedCompute(),
                VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 3, 1))).efficiency().quantizedCompute(), 0);
    }

    @Test
    void generationsAreKeptInTheOrderOfTheirEnds() {
        DecodeGeneration late = new DecodeGeneration(LocalDate.of(2025, 9, 1), 0.8, 0, "fitted");
        DecodeGeneration early = new DecodeGeneration(LocalDate.of(2024, 12, 1), 0.5, 0, "fitted");
        BackendCalibration b = new BackendCalibration(Backend.VULKAN, new Efficiency(0.9, 0.5, 0), "fitted", null,
                null, List.of(late, early));
        assertEquals(List.of(early, late), b.decodeGenerations());
        assertEquals(0.5, b.builtOn(KernelBuild.on(LocalDate.of(2024, 1, 1))).efficiency().memory(), 0);
        assertEquals(0.8, b.builtOn(KernelBuild.on(LocalDate.of(2025, 1, 1))).efficiency().memory(), 0);
    }

    /**
     * A generation that ended on 2025-02-01, for Q4_K weights on 2025-05-15, and that a source's "reorder off" puts a
     * build in whatever its date: a Q4_K_M build of 2025-05-01 streams at its 0.5 of the bus, a Q4_0 build of the same
     * day at today's 0.9; a Q4_K_M build of 2025-05-15 at today's; a build of 2025-07-02 stating the reorder off, and
     * an undated one stating it, at 0.5; an undated build stating nothing at today's.
     */
    @Test
    void aFormatsLaterEndAndAStatedSwitchPutABuildInItsGeneration() {
        DecodeGeneration before = new DecodeGeneration(LocalDate.of(2025, 2, 1), 0.5, 0, "fitted",
                Map.of("q4_k", LocalDate.of(2025, 5, 15)), "reorder off");
        BackendCalibration b = new BackendCalibration(Backend.SYCL, new Efficiency(0.9, 0.5, 0), "fitted", null,
                null, List.of(before));
        LocalDate may = LocalDate.of(2025, 5, 1);
        assertEquals(0.5, b.builtOn(new KernelBuild(Optional.of(may), "q4_k_m", "")).efficiency().memory(), 0);
        assertEquals(0.9, b.builtOn(new KernelBuild(Optional.of(may), "q4_0", "")).efficiency().memory(), 0);
        assertEquals(0.9, b.builtOn(new KernelBuild(Optional.of(LocalDate.of(2025, 5, 15)), "q4_k_m", ""))
                .efficiency().memory(), 0);
        assertEquals(0.5, b.builtOn(new KernelBuild(Optional.of(LocalDate.of(2025, 7, 2)), "q4_0",
                "llama.cpp SYCL (master, Reorder Off by a bug)")).efficiency().memory(), 0);
        assertEquals(0.5, b.builtOn(new KernelBuild(Optional.empty(), "q4_0", "reorder off")).efficiency().memory(),
                0);
        assertEquals(0.9, b.builtOn(new KernelBuild(Optional.empty(), "q4_k_m", "")).efficiency().memory(), 0);
        assertEquals(LocalDate.of(2025, 2, 1), before.until(""));
        assertEquals(LocalDate.of(2025, 2, 1), before.until("q4_0"));
    }

    @Test
    void aFormatsLaterEndMustFollowTheGenerationsAndNotOverlapAnother() {
        LocalDate end = LocalDate.of(2025, 2, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(end, 0.5, 0, "fitted", Map.of("q4_k", LocalDate.of(2025, 1, 1)), ""));
        assertThrows(IllegalArgumentException.class, () -> new DecodeGeneration(end, 0.5, 0, "fitted",
                Map.of("q4", LocalDate.of(2025, 5, 1), "q4_k", LocalDate.of(2025, 6, 1)), ""));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(end, 0.5, 0, "fitted", Map.of(), "Reorder off"));
    }

    @Test
    void aGenerationNeedsItsEndAndAnEfficiencyInRange() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeGeneration(null, 0.8, 0, "fitted"));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(LocalDate.of(2025, 1, 1), 1.2, 0, "fitted"));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(LocalDate.of(2025, 1, 1), 0.8, 0, "guessed"));
    }
}
