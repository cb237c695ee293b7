package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.model.MoeSpec;

class OffloadCopyTest {
    private static final MoeSpec QWEN3_MOE = new MoeSpec(128, 8);
    private static final MoeSpec MIXTRAL = new MoeSpec(8, 2);

    /** 971 tokens in ubatches of 512: one full ubatch and one of 459, two copies. */
    @Test
    void aPromptRunsInCeilOfItsTokensOverTheUbatchUbatches() {
        assertEquals(2, OffloadCopy.ubatches(971, 512));
        assertEquals(1, OffloadCopy.ubatches(512, 512));
        assertEquals(1, OffloadCopy.ubatches(40, 512));
    }

    /** A dense FFN is one expert every token uses: each ubatch copies all of it. */
    @Test
    void aDenseFfnIsCopiedWholeEveryUbatch() {
        assertEquals(2, OffloadCopy.expertSetCopies(MoeSpec.DENSE, 971, 512), 1e-12);
    }

    /**
     * Qwen3-MoE, 40 tokens in one ubatch: 1 - (120/128)^40 = 1 - exp(40 x ln 0.9375) = 1 - exp(-2.58154) = 1 -
     * 0.075657 = 0.924343 of the experts.
     */
    @Test
    void aShortUbatchCopiesTheExpertsItsTokensTouch() {
        assertEquals(0.924343, OffloadCopy.expertSetCopies(QWEN3_MOE, 40, 512), 1e-6);
    }

    /**
     * Mixtral (8 experts, 2 a token), 520 tokens: a full ubatch touches every expert (1 - 0.75^512 = 1 - 4e-65), the
     * 8 left over 1 - 0.75^8 = 1 - 0.100113 = 0.899887 of them: 1.899887 expert sets.
     */
    @Test
    void theLastUbatchCopiesWhatItsOwnTokensTouch() {
        assertEquals(1.899887, OffloadCopy.expertSetCopies(MIXTRAL, 520, 512), 1e-6);
    }
}
