package org.roofsweep.core.model;

import org.roofsweep.core.Units;

/**
 * Bit widths of one deployment: weights (may be fractional: GGUF Q4_0 stores 4.5 bits per weight with its scales),
 * activations and the KV cache; {@code format} is the weight format's name as a sweep or a source wrote it, lower
 * case ({@code q4_0}, {@code q4_k_m (3.80 gib)}; empty where only the bits are known), which picks a CPU's matrix
 * kernel ({@link org.roofsweep.core.hardware.CpuMatmulPath}).
 */
public record Precision(double weightBits, int activationBits, int kvBits, String format)
        implements java.io.Serializable {
    public static final Precision FP16 = new Precision(16, 16, 16);

    /** Bit widths alone, no named format. */
    public Precision(double weightBits, int activationBits, int kvBits) {
        this(weightBits, activationBits, kvBits, "");
    }

    public Precision {
        format = format == null ? "" : format.trim().toLowerCase(java.util.Locale.ROOT);
        if (!(weightBits >= 1 && weightBits <= 32)) {
            throw new IllegalArgumentException("weight bits must lie in [1, 32], found " + weightBits);
        }
        if (activationBits != 8 && activationBits != 16 && activationBits != 32) {
            throw new IllegalArgumentException("activation bits must be 8, 16 or 32, found " + activationBits);
        }
        // 4, 8 or 16 for K and V alike; between them for a K cache quantized beside an F16 V (KvCacheType.meanBits)
        if (kvBits < 4 || kvBits > 16) {
            throw new IllegalArgumentException("KV-cache bits must lie in [4, 16], found " + kvBits);
        }
    }

    public double weightBytes() {
        return weightBits / Units.BITS_PER_BYTE;
    }

    public double activationBytes() {
        return activationBits / Units.BITS_PER_BYTE;
    }

    public double kvBytes() {
        return kvBits / Units.BITS_PER_BYTE;
    }
}
