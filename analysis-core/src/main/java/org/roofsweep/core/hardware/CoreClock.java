package org.roofsweep.core.hardware;

/**
 * A GPU's compute units and their rated boost clock: NVIDIA's streaming multiprocessors (SMs), AMD's compute units,
 * Intel's Xe-cores ({@code compute_units} and {@code boost_clock_mhz} in a GPU file; configs/hardware/README.md).
 * {@link #NONE} where the catalog states neither.
 */
public record CoreClock(int units, double boostClockHz) implements java.io.Serializable {
    public static final CoreClock NONE = new CoreClock(0, Double.NaN);

    public CoreClock {
        if (units < 0 || units == 0 != Double.isNaN(boostClockHz) || units > 0 && !(boostClockHz > 0)) {
            throw new IllegalArgumentException("compute units and boost clock are stated together, units >= 1 and "
                    + "clock > 0: " + units + ", " + boostClockHz);
        }
    }

    /** Whether the catalog states the units and their clock. */
    public boolean known() {
        return units > 0;
    }
}
