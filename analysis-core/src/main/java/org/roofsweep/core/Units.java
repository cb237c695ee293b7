package org.roofsweep.core;

/** Unit constants. Every quantity in the core is in bytes, seconds, FLOPs or FLOP/s; these convert config units. */
public final class Units {
    /** Decimal giga (GB/s, GFLOP): memory bandwidth and link speeds are quoted in decimal units. */
    public static final double GIGA = 1e9;
    /** Decimal tera (TFLOP/s, TOPS). */
    public static final double TERA = 1e12;
    /** Binary gibi: memory capacities ("24 GB" of VRAM is 24 GiB). */
    public static final double GIB = 1024.0 * 1024.0 * 1024.0;
    public static final double MIB = 1024.0 * 1024.0;
    public static final double MICROSECOND = 1e-6;
    public static final double BITS_PER_BYTE = 8.0;

    private Units() {
    }
}
