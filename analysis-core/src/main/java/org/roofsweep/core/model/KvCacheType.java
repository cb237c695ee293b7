package org.roofsweep.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The types of a llama.cpp KV cache, as {@code -ctk} / {@code -ctv} (llama-bench {@code -ctk}, {@code -ctv}) name
 * them: the K cache's and the V cache's, each {@code f16} (llama.cpp's default), {@code q8_0} or {@code q4_0}.
 * {@link #bits} is the width the cost model gives an element of that type, the sweep's {@code kv_bits} choices
 * (16, 8, 4); ggml's {@code block_q8_0} and {@code block_q4_0} also store one F16 scale per 32 elements (ggml-common.h:
 * 34 and 18 bytes a block, 8.5 and 4.5 bits), which the model leaves out as the sweep's axis does (6% and 12% of the
 * cache). {@link #meanBits} is what {@link Precision#kvBits} carries: K and V are read in equal numbers.
 */
public record KvCacheType(String keyType, String valueType) {
    /** The names a cache may have, and their widths in the model. */
    public static final List<String> TYPES = List.of("f16", "q8_0", "q4_0");
    private static final int[] BITS = {16, 8, 4};
    /** llama.cpp's default: both caches F16. */
    public static final KvCacheType F16 = new KvCacheType("f16", "f16");

    public KvCacheType {
        if (!TYPES.contains(keyType) || !TYPES.contains(valueType)) {
            throw new IllegalArgumentException("KV cache types must be among " + TYPES + ", found " + keyType + "/"
                    + valueType);
        }
    }

    /**
     * A type as a source writes it: one name for both caches ({@code q8_0}) or {@code K/V} ({@code q8_0/f16}); case is
     * ignored. Throws {@link IllegalArgumentException} naming the expected forms.
     */
    public static KvCacheType parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 2 || !TYPES.contains(parts[0].trim())
                || parts.length == 2 && !TYPES.contains(parts[1].trim())) {
            throw new IllegalArgumentException("expected one of " + TYPES + " or K/V such as q8_0/f16, found \""
                    + text + "\"");
        }
        return new KvCacheType(parts[0].trim(), parts[parts.length - 1].trim());
    }

    /** Bits the model gives one element of a type. */
    public static int bits(String type) {
        return BITS[TYPES.indexOf(type)];
    }

    /** Whether the V cache is quantized: llama.cpp accepts that only with FlashAttention on. */
    public boolean quantizedValues() {
        return !valueType.equals("f16");
    }

    /** Mean bits of a K and a V element (attention reads as many of each). */
    public int meanBits() {
        return (bits(keyType) + bits(valueType)) / 2;
    }

    /** As a source writes it: one name when K and V agree, else {@code K/V}. */
    public String label() {
        return keyType.equals(valueType) ? keyType : keyType + "/" + valueType;
    }
}
