package org.roofsweep.core.hardware;

/**
 * A GPU's compute units and their rated boost clock: NVIDIA's streaming multiprocessors (SMs), AMD's compute units,
 * Intel's Xe-cores ({@code compute_units} and {@code boost_clock_mhz} in a GPU file; configs/hardware/README.md), each
 * optional on its own: {@code units} 0 where the catalog does not state them, {@code boostClockHz} NaN where it does not
 * state the clock. The cores' streaming cap counted per unit reads the units ({@link StreamCap.Basis#COMPUTE_UNIT}), a
 * backend's launch clock reads the clock ({@link Efficiency#launchScale}). {@link #NONE} where the catalog states
 * neither.
 */
public record CoreClock(int units, double boostClockHz) implements java.io.Serializable {
    public static final CoreClock NONE = new CoreClock(0, Double.NaN);
    /** The clocks a GPU file or a backend's launch clock may state, MHz: bounds that catch a GHz or Hz slip. */
    public static final double MIN_CLOCK_MHZ = 50;
    public static final double MAX_CLOCK_MHZ = 5_000;

    public CoreClock {
        if (units < 0 || !(Double.isNaN(boostClockHz) || boostClockHz > 0 && boostClockHz < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("compute units are >= 0 (0: not stated) and a boost clock is > 0 Hz "
                    + "(NaN: not stated): " + units + ", " + boostClockHz);
        }
    }

    /** A card whose catalog file states its boost clock and not its units. */
    public static CoreClock clockOnly(double boostClockHz) {
        return new CoreClock(0, boostClockHz);
    }

    /** Whether the catalog states the compute units. */
    public boolean unitsKnown() {
        return units > 0;
    }

    /** Whether the catalog states the boost clock. */
    public boolean clockKnown() {
        return !Double.isNaN(boostClockHz);
    }
}
