package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.roofsweep.core.TestCatalogs;

/** How a measurement's quantization spelling reads as stored bits per weight. */
class QuantizationTest {
    private static final Quantization Q = TestCatalogs.CATALOGS.quantization();

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            f16                         | 16
            F16 (16)                    | 16
            BF16                        | 16
            '  q4_k_m (~4.8 BPW) '      | 4.8
            Q4_0                        | 4.5
            # ggml block_q6_K: 256 weights in 210 bytes -> 210 x 8 / 256 = 6.5625 bits
            Q6_K (6.56 bpw)             | 6.5625
            # GPTQ 4-bit, group 128: 4 bits + one fp16 scale and a 4-bit zero per 128 weights -> 4 + 20 / 128 = 4.15625
            GPTQ 4-bit g128 act-order   | 4.15625
            4                           | 4
            """)
    void formatNamesAndAliasesResolveWhateverTheirCase(String spelling, double bits) {
        assertEquals(Optional.of(bits), Q.bitsPerWeight(spelling));
    }

    /** The leading format of a spelling, as a kernel generation's later end by format matches it. */
    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            Q4_K_M (3.80 GiB)           | q4_k_m
            '  q4_0 (4.5 bpw) '         | q4_0
            IQ4_XS                      | iq4_xs
            (4.5 bpw)                   | ''
            """)
    void theLeadingFormatIsTheFirstNameInLowerCase(String spelling, String format) {
        assertEquals(format, Quantization.leadingFormat(spelling));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            EXL2 4.0 bpw                | 4
            exl2 2.5bpw                 | 2.5
            EXL2  5 bpw                 | 5
            """)
    void exl2StatesItsOwnBitsPerWeight(String spelling, double bits) {
        assertEquals(Optional.of(bits), Q.bitsPerWeight(spelling));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # ggml block sizes: Q4_0 18 bytes / 32 weights = 4.5; Q8_0 34 / 32 = 8.5; Q4_K 144 / 256 = 4.5;
            # Q5_K 176 / 256 = 5.5; IQ4_XS 136 / 256 = 4.25; MXFP4 17 / 32 = 4.25
            'Q4_0 (4.5 bpw, 3.56 GiB)'  | 4.5
            Q8_0 (8.5 bpw)              | 8.5
            F16 (16)                    | 16
            Q4_K                        | 4.5
            Q5_K                        | 5.5
            Q4_K_M (3.80 GiB)           | 4.8
            IQ4_XS                      | 4.25
            MXFP4                       | 4.25
            # AWQ and GPTQ 4-bit at group 128: 4 + 20 / 128 = 4.15625
            AWQ INT4                    | 4.15625
            GPTQ 4-bit                  | 4.15625
            # no known name at the start: a stated bpw
            custom IQ4 mix (4.3 bpw)    | 4.3
            """)
    void aKnownFormatAtTheStartOrAStatedBpwIsReadAsSourcesWriteIt(String spelling, double bits) {
        assertEquals(Optional.of(bits), Q.bitsPerWeight(spelling));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # ik_llama.cpp's row-interleaved types keep their plain type's bytes per weight: block_q5_0_r4 is 4 scales
            # (8 bytes) + 64 bytes of nibbles + 16 of fifth bits = 88 bytes per 4 x 32 weights = 5.5, as Q5_0's 22 / 32
            Q5_0_R4                     | 5.5
            # Q6_0: 2 + 8 + 16 = 26 bytes per 32 weights = 6.5
            Q6_0_R4                     | 6.5
            IQ4_XS_R8 (4.25 bpw)        | 4.25
            # IQ4_K: 2 + 2 + 4 + 8 + 128 = 144 bytes per 256 weights = 4.5
            IQ4_K_R4                    | 4.5
            q4_0_r16                    | 4.5
            """)
    void aRowInterleavedVariantHasItsPlainFormatsBits(String spelling, double bits) {
        assertEquals(Optional.of(bits), Q.bitsPerWeight(spelling));
    }

    @ParameterizedTest(name = "\"{0}\" -> none")
    @ValueSource(strings = {"EXL2 1.2.3 bpw", "EXL2 bpw", "not stated", "FP16 and INT4", "", "Q5_0_R3", "Q9_9_R4"})
    void unknownOrUnstatedFormatsAreEmpty(String spelling) {
        assertEquals(Optional.empty(), Q.bitsPerWeight(spelling));
    }
}
