package org.roofsweep.core.hardware;

import java.util.Locale;
import org.roofsweep.core.Units;

/**
 * The cores' side of streaming: each GPU core keeps a bounded number of loads in flight, so by Little's law the cores
 * together stream at most (cores x bytes in flight per core) / DRAM latency, a figure that grows with the cores, not
 * with the memory bus. It binds where a chip's bus is wide for its cores. {@code bytesPerSecondPerUnit} is that limit,
 * bytes/s, per unit of what its {@link Basis} counts on a card ({@link Basis#unitsOf}): per FLOP/s of the FP32 peak (so
 * bytes per FLOP), or per compute unit. A backend that declares a cap has a basis (its fit may still find no cap, 0);
 * {@link #NONE}, with no basis, declares none and caps nothing.
 */
public record StreamCap(double bytesPerSecondPerUnit, Basis basis) implements java.io.Serializable {
    /** No cap declared. */
    public static final StreamCap NONE = new StreamCap(0, null);

    /**
     * What a cap is counted against, the unit its calibration.json key states it in ({@code fileUnit} bytes/s per unit
     * for one of the file's), and the grid its decode fit tries ({@code step}, 2 x step ... up to {@code max}, in the
     * file's unit).
     */
    public enum Basis {
        /**
         * Per FLOP of the FP32 peak ({@code stream_bytes_per_flop}): a count of the cores times their clock where
         * every core of a backend's cards has the same FP32 lanes (Apple's GPU cores, Intel's Xe-cores). Apple's
         * M1 Max decodes F16 at 296 GB/s with 32 GPU cores and at 186 GB/s with 24 on the same 400 GB/s bus
         * (XiongjieDai's table, rows 93 and 253 of measured.csv), the ratio of their cores (0.75).
         */
        FP32_FLOP("stream_bytes_per_flop", 1, "B/FLOP", "bytes per FLOP of the FP32 peak", 0.0005, 0.1),
        /**
         * GB/s per compute unit ({@code stream_gb_per_s_per_unit}, against the card's {@link CoreClock#units}): where
         * the FP32 lanes per unit differ among a backend's cards, so the FP32 peak does not count the units. Little's
         * law counts the loads in flight over the DRAM latency in time, not in clock cycles, so the clock stays out.
         * NVIDIA's SMs carry 64 FP32 lanes on GP100, GV100, TU10x and GA100 and 128 on GP102/GP104, GA10x, AD10x and
         * GH100: an A100's 108 SMs stream as a GeForce's SMs do, at half the FP32 rate per SM.
         */
        COMPUTE_UNIT("stream_gb_per_s_per_unit", Units.GIGA, "GB/s/unit", "GB/s per compute unit", 0.125, 64);

        private final String field;
        private final double fileUnit;
        private final String symbol;
        private final String words;
        private final double step;
        private final double max;

        Basis(String field, double fileUnit, String symbol, String words, double step, double max) {
            this.field = field;
            this.fileUnit = fileUnit;
            this.symbol = symbol;
            this.words = words;
            this.step = step;
            this.max = max;
        }

        /** The key of a backend's cap in calibration.json. */
        public String field() {
            return field;
        }

        /** Bytes/s per unit that one of the file's figures stands for (1 for bytes per FLOP, 1e9 for GB/s). */
        public double fileUnit() {
            return fileUnit;
        }

        /** The file's unit in a table cell ({@code B/FLOP}, {@code GB/s/unit}). */
        public String symbol() {
            return symbol;
        }

        /** The file's unit in a sentence. */
        public String words() {
            return words;
        }

        /** The decode fit's grid step, bytes/s per unit. */
        public double stepBytesPerSecondPerUnit() {
            return step * fileUnit;
        }

        /** The decode fit's largest grid figure, bytes/s per unit. */
        public double maxBytesPerSecondPerUnit() {
            return max * fileUnit;
        }

        /** The grid step in the file's unit, as a source text writes it ({@code 0.0005}, {@code 0.125}). */
        public String stepText() {
            return java.math.BigDecimal.valueOf(step).stripTrailingZeros().toPlainString();
        }

        /**
         * What the cap's figure multiplies on {@code gpu}: its FP32 peak in FLOP/s, or its count of compute units; NaN
         * where the card does not state it.
         */
        public double unitsOf(Gpu gpu) {
            if (this == FP32_FLOP) {
                return gpu.peak().fp32();
            }
            return gpu.cores().unitsKnown() ? gpu.cores().units() : Double.NaN;
        }

        /** {@code bytesPerSecondPerUnit} in the file's unit, as a table cell writes it. */
        public String cell(double bytesPerSecondPerUnit) {
            return String.format(Locale.ROOT, this == FP32_FLOP ? "%.4f %s" : "%.3f %s",
                    bytesPerSecondPerUnit / fileUnit, symbol);
        }
    }

    public StreamCap {
        if (!(bytesPerSecondPerUnit >= 0 && bytesPerSecondPerUnit < Double.POSITIVE_INFINITY)
                || basis == null && bytesPerSecondPerUnit > 0) {
            throw new IllegalArgumentException("a streaming cap is finite, >= 0 and has a basis: "
                    + bytesPerSecondPerUnit + ", " + basis);
        }
    }

    /** Whether a backend declares a cap (its decode fit then tries one on its basis). */
    public boolean declared() {
        return basis != null;
    }

    /** Whether this caps anything. */
    public boolean caps() {
        return bytesPerSecondPerUnit > 0;
    }

    /** The cap's figure in its calibration.json key's unit (bytes per FLOP, or GB/s per unit); 0 without a basis. */
    public double fileFigure() {
        return declared() ? bytesPerSecondPerUnit / basis.fileUnit() : 0;
    }

    /**
     * The bytes per second the cores stream on {@code gpu}: bytesPerSecondPerUnit x its basis units; infinite where
     * there is no cap or the card does not state its basis (no FP32 peak, or no compute units).
     */
    public double bytesPerSecond(Gpu gpu) {
        if (!caps()) {
            return Double.POSITIVE_INFINITY;
        }
        double units = basis.unitsOf(gpu);
        return units > 0 ? bytesPerSecondPerUnit * units : Double.POSITIVE_INFINITY;
    }

    /**
     * The card's data-sheet bandwidth per unit of this cap's basis, bytes/s per unit (bytes per FLOP on the FP32
     * basis); NaN without a basis or where the card does not state it.
     */
    public double busBytesPerSecondPerUnit(Gpu gpu) {
        double units = declared() ? basis.unitsOf(gpu) : Double.NaN;
        return units > 0 ? gpu.bandwidthBytesPerSecond() / units : Double.NaN;
    }

    /** The same cap at {@code factor} times its figure (a kernel generation's or a family's memory ratio). */
    public StreamCap scaled(double factor) {
        return new StreamCap(bytesPerSecondPerUnit * factor, basis);
    }

    /** A cap of {@code bytesPerSecondPerUnit} on this cap's basis. */
    public StreamCap at(double bytesPerSecondPerUnit) {
        return new StreamCap(bytesPerSecondPerUnit, basis);
    }
}
