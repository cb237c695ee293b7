package org.roofsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.Units;

class OutputTensorFormatTest {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final Precision Q4_0 = new Precision(4.5, 16, 16, "Q4_0 (4.5 bpw, 3.56 GiB)");

    /**
     * Llama-2-7B Q4_0 as llama.cpp's quantizer writes it. Per layer: attention 4 x 4096^2 = 67,108,864, FFN
     * 3 x 4096 x 11008 = 135,266,304, norms 8192: 202,383,360; 32 layers: 6,476,267,520 x 4.5 / 8 B =
     * 3,642,900,480 B. Embedding 32000 x 4096 = 131,072,000 at Q4_0: 73,728,000 B; output at Q6_K: 131,072,000 x
     * 6.5625 / 8 = 107,520,000 B; final norm 4096 x 4.5 / 8 = 2304 B. Sum 3,824,150,784 B = 3.5615 GiB, the 3.56 GiB llama-bench prints for
     * "llama 7B mostly Q4_0" (examples/llama-bench/README.md at ggerganov/llama.cpp 2c1e8d32); at the file's type
     * the head would be 73,728,000 B and the file 3,790,358,784 B = 3.5300 GiB, which prints as 3.53.
     */
    @Test
    void llama2_7bQ4_0FileStoresItsOutputTensorAsQ6_K() {
        ModelSpec m = TestCatalogs.model("llama2_7b");
        assertEquals(6.5625, OutputTensorFormat.headBits(Q4_0));
        assertEquals(107_520_000 + 2304, m.headWeightBytes(Q4_0), 1e-3);
        assertEquals(73_728_000, m.embeddingWeightBytes(Q4_0), 1e-3);
        assertEquals(3_824_150_784.0, m.languageModelWeightBytes(Q4_0), 1);
        assertEquals(3.56, m.languageModelWeightBytes(Q4_0) / GIB, 0.005);
    }

    /** Q8_0 and F16 keep the file's type for the output tensor (the quantizer's rule spares Q8_0; F16 is converted). */
    @Test
    void q8_0AndF16KeepTheirOwnBitsForTheHead() {
        assertEquals(8.5, OutputTensorFormat.headBits(new Precision(8.5, 16, 16, "Q8_0")));
        assertEquals(16, OutputTensorFormat.headBits(new Precision(16, 16, 16, "F16")));
        // a stated file mean already counts the head: Q4_K_M's 4.8 bpw
        assertEquals(4.8, OutputTensorFormat.headBits(new Precision(4.8, 16, 16, "Q4_K_M (3.80 GiB)")));
        // bits alone name no file
        assertEquals(4.5, OutputTensorFormat.headBits(new Precision(4.5, 16, 16)));
    }

    /**
     * A tied model stores one tensor by the output rule: Llama-3.2-1B (vocab 128,256 x hidden 2048 = 262,668,288) at
     * Q4_0 gathers its embedding rows at Q6_K, 2048 x 6.5625 / 8 = 1680 B a token, and counts the tensor once:
     * 262,668,288 x 6.5625 / 8 = 215,470,080 B.
     */
    @Test
    void aTiedModelStoresItsSharedTensorByTheOutputRule() {
        ModelSpec m = TestCatalogs.model("llama3_2_1b");
        assertEquals(6.5625, OutputTensorFormat.embeddingBits(m, Q4_0));
        assertEquals(215_470_080, m.embeddingWeightBytes(Q4_0), 1e-3);
        double layers = m.numLayers() * m.parametersPerLayer() * Q4_0.weightBytes();
        double finalNorm = m.hiddenSize() * Q4_0.weightBits() / Units.BITS_PER_BYTE;
        assertEquals(layers + 215_470_080 + finalNorm, m.languageModelWeightBytes(Q4_0), 1);
    }
}
