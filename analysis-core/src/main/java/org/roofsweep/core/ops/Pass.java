package org.roofsweep.core.ops;

/**
 * One forward pass: {@code batch} sequences each add {@code newTokens} tokens on top of {@code pastTokens} already in
 * their KV cache. Prefill of P tokens is (B, P, 0); a decode step at context L is (B, 1, L).
 */
public record Pass(int batch, int newTokens, double pastTokens) {
    public Pass {
        if (batch < 1 || newTokens < 1 || pastTokens < 0) {
            throw new IllegalArgumentException("bad pass " + batch + "/" + newTokens + "/" + pastTokens);
        }
    }

    public static Pass prefill(int batch, int promptTokens) {
        return new Pass(batch, promptTokens, 0);
    }

    public static Pass decode(int batch, double context) {
        return new Pass(batch, 1, context);
    }

    /** Tokens the pass pushes through every weight matrix. */
    public double tokens() {
        return (double) batch * newTokens;
    }

    /** Query-key pairs one head scores per sequence under a causal mask: n*L + n(n+1)/2. */
    public double causalPairs() {
        double n = newTokens;
        return n * pastTokens + n * (n + 1) / 2;
    }

    /**
     * Query-key pairs one head scores per sequence when each query sees at most the last {@code window} keys
     * (itself included): the sum over the new positions j = P+1 .. P+n of min(j, W).
     */
    public double windowedPairs(int window) {
        double first = pastTokens + 1;
        double last = pastTokens + newTokens;
        if (last <= window) {
            return causalPairs();
        }
        double full = first > window ? 0 : window - first + 1;
        double partial = full * (first + window) / 2;
        return partial + (newTokens - full) * window;
    }

    /** Context length after the pass. */
    public double context() {
        return pastTokens + newTokens;
    }
}
