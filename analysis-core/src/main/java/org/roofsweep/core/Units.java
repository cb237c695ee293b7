package org.roofsweep.core;

/** Unit constants. Every quantity in the core is in bytes, seconds, FLOPs or FLOP/s; these convert config units. */
public final class Units {
    /** Decimal giga (GB/s, GFLOP): memory bandwidth and link speeds are quoted in decimal units. */
    public static final double GIGA = 1e9;
    /** Decimal mega (MHz clocks). */
    public static final double MEGA = 1e6;
    /** Decimal tera (TFLOP/s, TOPS). */
    public static final double TERA = 1e12;
    /** Binary gibi: memory capacities ("24 GB" of VRAM is 24 GiB). */
    public static final double GIB = 1024.0 * 1024.0 * 1024.0;
    public static final double KIB = 1024.0;
    public static final double MIB = 1024.0 * 1024.0;
    public static final double MICROSECOND = 1e-6;
    /** One millisecond in seconds. */
    public static final double MILLISECOND = 1e-3;
    /** Nanoseconds per second: wall clocks ({@link System#nanoTime}) count nanoseconds. */
    public static final double NANOS_PER_SECOND = 1e9;
    public static final double BITS_PER_BYTE = 8.0;
    /** Bytes of one FP32 value: logits, and the activations and partial sums that cross the host link. */
    public static final double FP32_BYTES = 4;


    private Units() {
    }

    /** "12.3 GiB": one decimal, built without String.format (which costs microseconds per infeasible point). */
    public static String gib(double bytes) {
        return gibOfTenths(gibTenths(bytes));
    }

    /** {@code bytes} in tenths of a GiB, rounded: the figure {@link #gib} states. */
    public static long gibTenths(double bytes) {
        return Math.round(bytes / GIB * 10);
    }

    /** "12.3 GiB" of a figure in tenths of a GiB ({@link #gibTenths}). */
    public static String gibOfTenths(long tenths) {
        return (tenths / 10) + "." + Math.abs(tenths % 10) + " GiB";
    }
}
