package org.roofsweep.core.model;

/**
 * What one image costs: the encoder runs {@code views} times over {@code tokensPerView} tokens each, and the LLM
 * prompt grows by {@code llmTokens}.
 */
public record ImagePlan(int views, int tokensPerView, int llmTokens) implements java.io.Serializable {
    public static final ImagePlan NONE = new ImagePlan(0, 0, 0);
}
