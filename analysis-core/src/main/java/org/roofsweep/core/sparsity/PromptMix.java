package org.roofsweep.core.sparsity;

/**
 * The tokens of a prefill pass as two populations, text tokens under the model's activation law and image tokens
 * under their own ({@code image}), in {@code prompts} independent prompts of {@code textTokens + imageTokens} tokens
 * each, whose tokens share active neurons to the degree {@code correlation}. What a pass reads is the union of the
 * active neurons over all of them; what it computes is each token's own active set.
 *
 * <p><b>The union law, a stated hypothesis</b> (no paper gives one; CoreMatching, arXiv 2505.19235, finds core
 * neurons shared across a VLM's tokens, i.e. unions smaller than independence predicts). Per neuron, the first token
 * of a population in a prompt draws whether the neuron fires with its probability p; every later one repeats that
 * draw with probability c and draws afresh otherwise. Each token still fires the neuron with probability p (so the
 * FLOPs do not change), but the neuron stays silent over n tokens only if the first draw is silent and each of the
 * n - 1 others repeats it or draws silent, which has probability
 * <pre>
 *   A(p, n, c) = (1 - p) (c + (1 - c)(1 - p))^(n-1) = (1 - p) (1 - (1 - c) p)^(n-1)
 * </pre>
 * At c = 0 it is (1 - p)^n, the independent union of before; at c = 1 it is 1 - p, one token's set. The two
 * populations draw independently of each other (image tokens share with image tokens, text with text), and so do
 * the prompts of a batch: the union at the neuron is 1 - (A_text A_image)^prompts. A fractional count below one
 * token (a share of a CPU block) contributes (1 - p)^n.
 */
public record PromptMix(NeuronActivation text, double textTokens, NeuronActivation image, double imageTokens,
        double correlation, double prompts) {

    public PromptMix {
        if (!(textTokens >= 0 && imageTokens >= 0 && textTokens + imageTokens > 0)) {
            throw new IllegalArgumentException("a pass needs tokens, found " + textTokens + " + " + imageTokens);
        }
        if (!(correlation >= 0 && correlation <= 1)) {
            throw new IllegalArgumentException("correlation must lie in [0, 1], found " + correlation);
        }
        if (!(prompts >= 1)) {
            throw new IllegalArgumentException("prompts must be at least 1, found " + prompts);
        }
    }

    /** Text tokens only, independent: the pass of {@code tokens} tokens as the model priced it before the mix. */
    public static PromptMix textOnly(NeuronActivation text, double tokens) {
        return new PromptMix(text, tokens, text, 0, 0, 1);
    }

    /** Tokens of the pass. */
    public double tokens() {
        return prompts * (textTokens + imageTokens);
    }

    /**
     * Whether every token follows the text's law independently: then the pass is {@link #tokens()} independent
     * tokens of one law, and is priced exactly as before the mix existed.
     */
    public boolean singleIndependentLaw() {
        return correlation == 0 && (imageTokens == 0 || image.equals(text));
    }

    /**
     * The mix of {@code m} of the pass's tokens, taken in order (a CPU block, a physical batch): a share of one
     * prompt, or several whole prompts.
     */
    public PromptMix chunk(double m) {
        double perPrompt = textTokens + imageTokens;
        if (m >= tokens()) {
            return this;
        }
        if (m >= perPrompt) {
            return new PromptMix(text, textTokens, image, imageTokens, correlation, m / perPrompt);
        }
        double share = m / perPrompt;
        return new PromptMix(text, textTokens * share, image, imageTokens * share, correlation, 1);
    }

    /** The mean over the pass's tokens of a quantity that is {@code textValue} for a text token, else the image's. */
    public double perToken(double textValue, double imageValue) {
        if (imageTokens == 0) {
            return textValue;
        }
        return (textTokens * textValue + imageTokens * imageValue) / (textTokens + imageTokens);
    }

    /** Rank fraction up to which every token of the mix fires every neuron: the lower x0 of the laws present. */
    public double x0() {
        double t = textTokens > 0 ? text.x0() : 1;
        double i = imageTokens > 0 ? image.x0() : 1;
        return Math.min(t, i);
    }

    /**
     * Probability that at least one token of the pass activates a neuron that a text token activates with
     * probability {@code pText} and an image token with {@code pImage} (each already times the share of experts a
     * token is routed to): 1 - (A_text A_image)^prompts.
     */
    public double unionProbability(double pText, double pImage) {
        double logSilent = logSilent(pText, textTokens) + logSilent(pImage, imageTokens);
        return -Math.expm1(prompts * logSilent);
    }

    /** The same at rank fraction {@code x}, with {@code routed} the share of experts a token uses. */
    public double unionAt(double x, double routed) {
        return unionProbability(cap(routed * text.probability(x)), cap(routed * image.probability(x)));
    }

    /** ln A(p, n, c): the neuron stays silent over n tokens of one population of one prompt. */
    private double logSilent(double p, double n) {
        if (n == 0) {
            return 0;
        }
        double first = Math.log1p(-p);
        if (n <= 1) {
            return n * first;
        }
        return first + (n - 1) * Math.log1p(-(1 - correlation) * p);
    }

    private static double cap(double p) {
        return Math.min(p, NeuronActivation.MAX_PROBABILITY);
    }
}
