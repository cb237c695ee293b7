package org.roofsweep.core.hardware;

/**
 * The cores' side of streaming: each GPU core keeps a bounded number of loads in flight, so by Little's law the cores
 * together stream at most (cores x bytes in flight per core) / DRAM latency, a figure that grows with the cores, not
 * with the memory bus. It binds where a chip's bus is wide for its cores. {@code bytesPerUnit} is that limit per unit
 * of the card's {@link Basis} ({@link Basis#unitsPerSecond}). A backend that declares a cap has a basis (its fit
 * may still find no cap, 0); {@link #NONE}, with no basis, declares none and caps nothing.
 */
public record StreamCap(double bytesPerUnit, Basis basis) implements java.io.Serializable {
    /** No cap declared. */
    public static final StreamCap NONE = new StreamCap(0, null);

    /** What a cap is counted against, and the grid its decode fit tries ({@code step}, 2 x step ... up to max). */
    public enum Basis {
        /**
         * Per FLOP of the FP32 peak ({@code stream_bytes_per_flop}): a count of the cores times their clock where
         * every core of a backend's cards has the same FP32 lanes (Apple's GPU cores, Intel's Xe-cores). Apple's
         * M1 Max decodes F16 at 296 GB/s with 32 GPU cores and at 186 GB/s with 24 on the same 400 GB/s bus
         * (XiongjieDai's table, rows 93 and 253 of measured.csv), the ratio of their cores (0.75).
         */
        FP32_FLOP("stream_bytes_per_flop", 0.0005, 0.1),
        /**
         * GB/s per compute unit ({@code stream_gb_per_s_per_unit}, against the card's {@link CoreClock#units}): where
         * the FP32 lanes per unit differ among a backend's cards, so the FP32 peak does not count the units. Little's
         * law counts the loads in flight over the DRAM latency in time, not in clock cycles, so the clock stays out.
         * NVIDIA's SMs carry 64 FP32 lanes on GP100, GV100, TU10x and GA100 and 128 on GP102/GP104, GA10x, AD10x and
         * GH100: an A100's 108 SMs stream as a GeForce's SMs do, at half the FP32 rate per SM.
         */
        COMPUTE_UNIT("stream_gb_per_s_per_unit", 0.125, 64);

        private final String field;
        private final double step;
        private final double max;

        Basis(String field, double step, double max) {
            this.field = field;
            this.step = step;
            this.max = max;
        }

        /** The key of a backend's cap in calibration.json. */
        public String field() {
            return field;
        }

        /** The decode fit's grid step, in the figure's unit. */
        public double step() {
            return step;
        }

        /** The decode fit's largest grid figure, in the figure's unit. */
        public double max() {
            return max;
        }

        /**
         * What the cap's figure multiplies on {@code gpu}: its FP32 FLOP/s, or its compute units x 1e9 (the figure in
         * GB/s per unit); NaN where the card does not state it.
         */
        public double unitsPerSecond(Gpu gpu) {
            if (this == FP32_FLOP) {
                return gpu.peak().fp32();
            }
            return gpu.cores().known() ? gpu.cores().units() * 1e9 : Double.NaN;
        }
    }

    public StreamCap {
        if (!(bytesPerUnit >= 0 && bytesPerUnit < Double.POSITIVE_INFINITY) || basis == null && bytesPerUnit > 0) {
            throw new IllegalArgumentException("a streaming cap is finite, >= 0 and has a basis: " + bytesPerUnit
                    + ", " + basis);
        }
    }

    /** Whether a backend declares a cap (its decode fit then tries one on its basis). */
    public boolean declared() {
        return basis != null;
    }

    /** Whether this caps anything. */
    public boolean caps() {
        return bytesPerUnit > 0;
    }

    /**
     * The bytes per second the cores stream on {@code gpu}: bytesPerUnit x its basis units per second; infinite where
     * there is no cap or the card does not state its basis (no FP32 peak, or no compute units and clock).
     */
    public double bytesPerSecond(Gpu gpu) {
        if (!caps()) {
            return Double.POSITIVE_INFINITY;
        }
        double units = basis.unitsPerSecond(gpu);
        return units > 0 ? bytesPerUnit * units : Double.POSITIVE_INFINITY;
    }

    /**
     * The card's data-sheet bandwidth per unit of this cap's basis, bytes; NaN without a basis or where the card does
     * not state it.
     */
    public double busBytesPerUnit(Gpu gpu) {
        double units = declared() ? basis.unitsPerSecond(gpu) : Double.NaN;
        return units > 0 ? gpu.bandwidthBytesPerSecond() / units : Double.NaN;
    }

    /** The same cap at {@code factor} times its figure (a kernel generation's or a family's memory ratio). */
    public StreamCap scaled(double factor) {
        return new StreamCap(bytesPerUnit * factor, basis);
    }

    /** A cap of {@code bytesPerUnit} on this cap's basis. */
    public StreamCap at(double bytesPerUnit) {
        return new StreamCap(bytesPerUnit, basis);
    }
}
