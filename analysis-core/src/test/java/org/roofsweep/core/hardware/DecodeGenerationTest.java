package org.roofsweep.core.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class DecodeGenerationTest {
    private static final BackendCalibration VULKAN =
            TestCatalogs.CATALOGS.hardware().calibration().backends().get(Backend.VULKAN);

    /**
     * Vulkan as calibration.json ships it: today's kernels stream at 0.875 of the bus, builds before 2025-09-01
     * (PRs #15355 and #14903) at 0.814, builds before 2024-12-01 (PR #10387) at the pooled 0.824 (too few rows for a
     * factor), each at the pooled 31.8 us per layer. A generation's end date is the next one's first day.
     */
    @Test
    void aBuildRunsTheDecodeKernelsOfItsGeneration() {
        assertEquals(0.824, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 3, 1))).efficiency().memory(), 1e-12);
        assertEquals("borrowed:vulkan", VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 3, 1))).status());
        assertEquals(0.814, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2024, 12, 1))).efficiency().memory(), 1e-12);
        assertEquals(0.814, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 8, 1))).efficiency().memory(), 1e-12);
        assertEquals("fitted", VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 8, 1))).status());
        assertEquals(0.875, VULKAN.builtOn(KernelBuild.on(LocalDate.of(2025, 9, 1))).efficiency().memory(), 1e-12);
        assertEquals(31.8e-6,
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

    @Test
    void aGenerationNeedsItsEndAndAnEfficiencyInRange() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeGeneration(null, 0.8, 0, "fitted"));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(LocalDate.of(2025, 1, 1), 1.2, 0, "fitted"));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeGeneration(LocalDate.of(2025, 1, 1), 0.8, 0, "guessed"));
    }
}
