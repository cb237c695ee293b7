package org.roofsweep.core.request;

import java.util.Optional;
import org.roofsweep.core.hardware.RuntimeConstants;
import org.roofsweep.core.model.ModelSpec;

/**
 * The context a runtime reserves the KV cache for, per sequence ({@code -c}, n_ctx). llama.cpp and PowerInfer's fork
 * allocate the whole cache for n_ctx tokens when the context is created ({@code llama_kv_cache_init}: n_layer x n_ctx
 * x n_embd_gqa, K and V), before the first token, so the GPU layer count and the neuron budget are set by n_ctx, not
 * by how many images a request brings. Attention still reads only the cells in use.
 *
 * <p>A setting is a token count, {@link #RUNTIME} (the runtime's default: llama.cpp's 4096, or the model's trained
 * context where that is shorter; the fork's 512, raised to 2048 by its llava example for a request with an image;
 * configs/calibration.json cites both sources) or {@link #REQUEST} (exactly the request's context, as llama-bench sets
 * n_ctx = prompt + generated). Under {@link #RUNTIME} a request longer than the default reserves its own context, the
 * least {@code -c} a user must pass to run it; a fixed count that the request outgrows makes the point
 * {@code fits = false}.
 */
public final class ContextSize {
    /** The runtime's default context. */
    public static final int RUNTIME = 0;
    /** Exactly the request's context (prompt, image tokens and generated tokens). */
    public static final int REQUEST = -1;

    private ContextSize() {
    }

    /** llama.cpp's default context for a model: 4096 tokens, or its trained context where that is shorter. */
    public static int llamaCppDefault(ModelSpec model, RuntimeConstants c) {
        return Math.min(model.maxContext(), c.llamaCppContextTokens());
    }

    /** The fork's default context: 512 tokens, at least 2048 when its llava example encodes an image. */
    public static int forkDefault(boolean images, RuntimeConstants c) {
        return images ? Math.max(c.forkContextTokens(), c.forkLlavaMinContextTokens()) : c.forkContextTokens();
    }

    /** The tokens each sequence reserves under a setting, for a request of {@code requestTokens}. */
    public static int reserved(int setting, int requestTokens, int runtimeDefault) {
        if (setting > 0) {
            return setting;
        }
        return setting == REQUEST ? requestTokens : Math.max(runtimeDefault, requestTokens);
    }

    /** A setting as a user writes it (a whole number of tokens, {@code runtime} or {@code request}); empty if bad. */
    public static Optional<Integer> parse(String text) {
        if (text.equals(label(RUNTIME))) {
            return Optional.of(RUNTIME);
        }
        if (text.equals(label(REQUEST))) {
            return Optional.of(REQUEST);
        }
        return text.matches("[1-9][0-9]{0,7}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    /** A setting as sweep configs and tables write it: the count, {@code "runtime"} or {@code "request"}. */
    public static String label(int setting) {
        return setting == RUNTIME ? "runtime" : setting == REQUEST ? "request" : Integer.toString(setting);
    }
}
