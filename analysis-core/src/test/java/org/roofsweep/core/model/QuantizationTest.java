package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class QuantizationTest {
    private static final Quantization Q = TestCatalogs.CATALOGS.quantization();

    @Test
    void formatNamesAndAliasesResolveWhateverTheirCase() {
        assertEquals(Optional.of(16.0), Q.bitsPerWeight("f16"));
        assertEquals(Optional.of(16.0), Q.bitsPerWeight("F16 (16)"));
        assertEquals(Optional.of(16.0), Q.bitsPerWeight("BF16"));
        assertEquals(Optional.of(4.8), Q.bitsPerWeight("  q4_k_m (~4.8 BPW) "));
        assertEquals(Optional.of(4.5), Q.bitsPerWeight("Q4_0"));
        // ggml block_q6_K: 256 weights in 210 bytes -> 210 x 8 / 256 = 6.5625 bits
        assertEquals(Optional.of(6.5625), Q.bitsPerWeight("Q6_K (6.56 bpw)"));
        // GPTQ 4-bit, group 128: 4 bits + one fp16 scale and a 4-bit zero per 128 weights -> 4 + 20 / 128 = 4.15625
        assertEquals(Optional.of(4.15625), Q.bitsPerWeight("GPTQ 4-bit g128 act-order"));
        assertEquals(Optional.of(4.0), Q.bitsPerWeight("4"));
    }

    @Test
    void exl2StatesItsOwnBitsPerWeight() {
        assertEquals(Optional.of(4.0), Q.bitsPerWeight("EXL2 4.0 bpw"));
        assertEquals(Optional.of(2.5), Q.bitsPerWeight("exl2 2.5bpw"));
        assertEquals(Optional.of(5.0), Q.bitsPerWeight("EXL2  5 bpw"));
        assertEquals(Optional.empty(), Q.bitsPerWeight("EXL2 1.2.3 bpw"));
        assertEquals(Optional.empty(), Q.bitsPerWeight("EXL2 bpw"));
    }

    @Test
    void unknownOrUnstatedFormatsAreEmpty() {
        assertEquals(Optional.empty(), Q.bitsPerWeight("not stated"));
        assertEquals(Optional.empty(), Q.bitsPerWeight("FP16 and INT4"));
        assertEquals(Optional.empty(), Q.bitsPerWeight(""));
    }
}
