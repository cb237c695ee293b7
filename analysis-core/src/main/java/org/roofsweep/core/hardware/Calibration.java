package org.roofsweep.core.hardware;

import java.util.Map;

/**
 * Everything the cost models take besides the data sheets: efficiency factors per GPU architecture family (never per
 * card), one for host CPUs, and runtime constants. Loaded from {@code configs/calibration.json}.
 */
public record Calibration(Map<String, Efficiency> families, Efficiency cpu, RuntimeConstants runtime) implements java.io.Serializable {
    public Calibration {
        families = Map.copyOf(families);
    }

    /** The efficiency of a GPU's family; a catalog load has already checked that every family has one. */
    public Efficiency gpu(Gpu gpu) {
        Efficiency e = families.get(gpu.family());
        if (e == null) {
            throw new IllegalArgumentException("no efficiency for family " + gpu.family() + " of " + gpu.key());
        }
        return e;
    }
}
