package org.roofsweep.core.request;

import java.util.Optional;
import org.roofsweep.core.hardware.RuntimeConstants;
import org.roofsweep.core.model.ModelSpec;

/**
 * The context a runtime reserves the KV cache for ({@code -c}, n_ctx): ONE total for all the sequences of a batch,
 * not a size per sequence. llama.cpp and PowerInfer's fork allocate the whole cache for n_ctx cells when the context
 * is created, before the first token, so the GPU layer count and the neuron budget are set by n_ctx, not by how many
 * images a request brings. Attention still reads only the cells in use.
 *
 * <p>Sources (configs/calibration.json cites them beside the defaults). PowerInfer's fork (SJTU-IPADS/PowerInfer,
 * llama.cpp of November 2023), {@code llama.cpp}: {@code llama_kv_cache_init} sizes K and V as n_layer x n_ctx x
 * n_embd_gqa with {@code cache.size = n_ctx} cells, and {@code llama_kv_cache_find_slot} tags each cell with the
 * sequence ids it holds: one unified cache whose n_ctx cells every sequence draws on; its
 * {@code examples/batched} sets n_ctx = prompt + (n_len - prompt) x n_parallel and refuses a smaller one. llama.cpp
 * today (ggml-org/llama.cpp, {@code src/llama-context.cpp}, the {@code llama_context} constructor and
 * {@code n_ctx_per_seq()}): each of n_seq_max sequences gets n_ctx / n_seq_max cells unless the cache is unified
 * ({@code --kv-unified}), when all share n_ctx; either way the cache holds n_ctx cells in all, and
 * llama-batched-bench needs n_ctx >= B x (pp + tg).
 *
 * <p>A setting is a token count N (fits iff B x the request's context is at most N), {@link #RUNTIME} (the runtime's
 * default: llama.cpp's 4096, or the model's trained context where that is shorter; the fork's 512, raised to 2048 by
 * its llava example for a request with an image), where a batch that needs more, B x the request's context, reserves
 * that, the least {@code -c} a user must pass to run it, or {@link #REQUEST} (exactly B x the request's context, as
 * llama-bench sets n_ctx = prompt + generated for one sequence).
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

    /**
     * The KV cells a batch of {@code batch} sequences of {@code requestTokens} each reserves in all under a setting:
     * N, B x the request under {@link #REQUEST}, and the larger of the runtime's default and that under
     * {@link #RUNTIME}.
     */
    public static int reserved(int setting, int requestTokens, int batch, int runtimeDefault) {
        if (setting > 0) {
            return setting;
        }
        int needed = batchTokens(batch, requestTokens);
        return setting == REQUEST ? needed : Math.max(runtimeDefault, needed);
    }

    /** The cells a batch's sequences hold at the end of the request, B x its context (capped at the int range). */
    public static int batchTokens(int batch, int requestTokens) {
        return (int) Math.min(Integer.MAX_VALUE, (long) batch * requestTokens);
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
