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
    void aKnownFormatAtTheStartOrAStatedBpwIsReadAsSourcesWriteIt() {
        // ggml block sizes: Q4_0 18 bytes / 32 weights = 4.5; Q8_0 34 / 32 = 8.5; Q4_K 144 / 256 = 4.5;
        // Q5_K 176 / 256 = 5.5; IQ4_XS 136 / 256 = 4.25; MXFP4 17 / 32 = 4.25
        assertEquals(Optional.of(4.5), Q.bitsPerWeight("Q4_0 (4.5 bpw, 3.56 GiB)"));
        assertEquals(Optional.of(8.5), Q.bitsPerWeight("Q8_0 (8.5 bpw)"));
        assertEquals(Optional.of(16.0), Q.bitsPerWeight("F16 (16)"));
        assertEquals(Optional.of(4.5), Q.bitsPerWeight("Q4_K"));
        assertEquals(Optional.of(5.5), Q.bitsPerWeight("Q5_K"));
        assertEquals(Optional.of(4.8), Q.bitsPerWeight("Q4_K_M (3.80 GiB)"));
        assertEquals(Optional.of(4.25), Q.bitsPerWeight("IQ4_XS"));
        assertEquals(Optional.of(4.25), Q.bitsPerWeight("MXFP4"));
        // AWQ and GPTQ 4-bit at group 128: 4 + 20 / 128 = 4.15625
        assertEquals(Optional.of(4.15625), Q.bitsPerWeight("AWQ INT4"));
        assertEquals(Optional.of(4.15625), Q.bitsPerWeight("GPTQ 4-bit"));
        // no known name at the start: a stated bpw
        assertEquals(Optional.of(4.3), Q.bitsPerWeight("custom IQ4 mix (4.3 bpw)"));
    }

    @Test
    void unknownOrUnstatedFormatsAreEmpty() {
        assertEquals(Optional.empty(), Q.bitsPerWeight("not stated"));
        assertEquals(Optional.empty(), Q.bitsPerWeight("FP16 and INT4"));
        assertEquals(Optional.empty(), Q.bitsPerWeight(""));
    }
}
