package org.roofsweep.core.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The union of active neurons over a prompt of text and image tokens, with their correlation (the hypothesis written
 * down in {@link PromptMix}): A(p, n, c) = (1 - p)(1 - (1 - c) p)^(n-1) per population, the union 1 - A_text A_image.
 */
class PromptMixTest {
    /** The exponent of a model without a published profile: 43% of neurons carry 80% at sparsity 0.9. */
    private static final double ALPHA = NeuronActivation.exponentFor(0.9, 0.43);
    private static final NeuronActivation TEXT = NeuronActivation.withExponent(0.9, ALPHA);
    private static final NeuronActivation IMAGE = NeuronActivation.withExponent(0.5, ALPHA);

    @Test
    void oneNeuronsUnionOver576ImageAnd64TextTokensByHand() {
        PromptMix independent = new PromptMix(TEXT, 64, IMAGE, 576, 0, 1);
        // a neuron a text token fires with 0.001 and an image token with 0.005:
        // 0.999^64 = e^(64 ln 0.999) = e^-0.064032 = 0.937975; 0.995^576 = e^(576 ln 0.995) = e^-2.887224 = 0.055731;
        // union = 1 - 0.937975 * 0.055731 = 1 - 0.052274 = 0.947726
        assertEquals(0.947726, independent.unionProbability(0.001, 0.005), 1e-6);
        // at correlation 0.5: text 0.999 * (1 - 0.0005)^63 = 0.999 * e^-0.031508 = 0.968014;
        // image 0.995 * (1 - 0.0025)^575 = 0.995 * e^-1.439300 = 0.235908; union = 1 - 0.968014 * 0.235908 = 0.771637
        PromptMix half = new PromptMix(TEXT, 64, IMAGE, 576, 0.5, 1);
        assertEquals(0.771637, half.unionProbability(0.001, 0.005), 1e-6);
        // at correlation 1 each population is one token: 1 - 0.999 * 0.995 = 0.005995
        PromptMix shared = new PromptMix(TEXT, 64, IMAGE, 576, 1, 1);
        assertEquals(0.005995, shared.unionProbability(0.001, 0.005), 1e-12);
    }

    @Test
    void imageTokensAtSparsityHalfReadEveryNeuronWhereTextAloneSkipsSeven() {
        // The image law keeps the text's exponent alpha = 0.9025 with x0 = 0.17068, so even its coldest neuron
        // (x = 1) fires for an image token with p = x0^alpha = e^(0.9025 ln 0.17068) = e^-1.5955 = 0.2028:
        // 576 independent image tokens all miss it with 0.7972^576 = e^(576 ln 0.7972) = e^-130.5. The union over
        // the prompt is every neuron, where 64 text tokens alone leave 6.8% of them untouched.
        assertEquals(0.2028, IMAGE.probability(1), 1e-4);
        PromptMix prompt = new PromptMix(TEXT, 64, IMAGE, 576, 0, 1);
        assertEquals(1.0, UnionTable.of(prompt, 1).total(), 1e-9);
        assertEquals(0.9321, UnionTable.of(PromptMix.textOnly(TEXT, 64), 1).total(), 1e-4);
        // at correlation 0.99 the image tokens act like 1 + 0.01 * 575 = 6.75 tokens, and a tenth of the rows stay
        // unread; the table agrees with a brute-force integral of 1 - A over ln x
        PromptMix correlated = new PromptMix(TEXT, 64, IMAGE, 576, 0.99, 1);
        double u = UnionTable.of(correlated, 1).total();
        assertEquals(bruteForceUnion(correlated), u, 1e-5);
        assertTrue(u > 0.9 && u < 0.93, "union " + u);
    }

    @Test
    void atCorrelationOneTheUnionOfAPromptIsOneTokensActiveSet() {
        // A(p, n, 1) = (1 - p) (1 - 0 p)^(n-1) = 1 - p: 640 tokens read what one reads, the mean 1 - 0.9 = 0.1
        PromptMix shared = new PromptMix(TEXT, 640, TEXT, 0, 1, 1);
        assertEquals(0.1, UnionTable.of(shared, 1).total(), 1e-6);
        assertEquals(TEXT.mass(0, 0.3), UnionTable.of(shared, 1).upTo(0.3), 1e-6);
        // two populations at correlation 1: one text token's set joined with one image token's, between the larger
        // (0.5) and the sum (0.6) of the two
        PromptMix both = new PromptMix(TEXT, 64, IMAGE, 576, 1, 1);
        double u = UnionTable.of(both, 1).total();
        assertEquals(bruteForceUnion(both), u, 1e-4);
        assertTrue(u > 0.5 && u < 0.6, "union " + u);
    }

    @Test
    void independentTokensOfTheTextsLawAreTheUnionOfBeforeExactly() {
        PromptMix plain = new PromptMix(TEXT, 64, TEXT, 576, 0, 4);
        assertTrue(plain.singleIndependentLaw());
        UnionTable before = new UnionTable(TEXT, 4 * 640, 1);
        UnionTable now = UnionTable.of(plain, 1);
        for (double h = 0.01; h <= 1; h += 0.07) {
            assertEquals(before.upTo(h), now.upTo(h), 0, "h=" + h);
        }
        // the general law, forced by a correlation of 1e-300, is the same integral: (1 - p)^64 (1 - p)^576 = (1 - p)^640
        PromptMix general = new PromptMix(TEXT, 64, TEXT, 576, 1e-300, 1);
        assertEquals(new UnionTable(TEXT, 640, 1).total(), UnionTable.of(general, 1).total(), 1e-6);
    }

    @Test
    void aChunkOfThePassKeepsThePromptsMix() {
        PromptMix batch = new PromptMix(TEXT, 64, IMAGE, 576, 0.5, 4);
        // a 16-token CPU block of one 640-token prompt: 1.6 text and 14.4 image tokens
        PromptMix block = batch.chunk(16);
        assertEquals(1.6, block.textTokens(), 1e-12);
        assertEquals(14.4, block.imageTokens(), 1e-12);
        assertEquals(1, block.prompts(), 0);
        // a 1280-token physical batch: two whole prompts
        assertEquals(2, batch.chunk(1280).prompts(), 1e-12);
        assertEquals(batch, batch.chunk(1e6));
    }

    /** The integral of 1 - A over [0, 1], by the midpoint rule in ln x on 200,000 nodes from x = 1e-12. */
    private static double bruteForceUnion(PromptMix m) {
        int n = 200_000;
        double lo = Math.log(1e-12);
        double du = -lo / n;
        double sum = 1e-12;
        for (int k = 0; k < n; k++) {
            double x = Math.exp(lo + (k + 0.5) * du);
            sum += m.unionAt(x, 1) * x * du;
        }
        return sum;
    }
}
