package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.RuntimeConstants;
import org.roofsweep.core.model.MoeSpec;
import org.roofsweep.core.request.LinkTime;
import org.roofsweep.core.request.Workload;

/**
 * How much of a host-resident layer llama.cpp copies to the GPU when it runs a prompt's matrix products there
 * ({@code ggml_backend_sched} with the CUDA backend's {@code offload_op}: a product of at least
 * {@code offload_min_batch_tokens} tokens whose weights sit in host memory). The prompt runs in ubatches of
 * {@code ubatch_tokens}; each ubatch copies the layer's weights again, as the scheduler's copy of a split input lives
 * only for that split.
 *
 * <p>Routed experts: since llama.cpp PR #15346 (ggml-org/llama.cpp, slaren, merged 2025-08-15, "sched : copy only
 * the used experts when offloading prompt processing"), the scheduler reads the MUL_MAT_ID's expert ids and copies
 * only the experts the ubatch's tokens were routed to; before it, every expert. With routing taken as uniform and
 * independent ({@link MoeSpec#expertsTouched}) a ubatch of T tokens uses E (1 - (1 - k/E)^T) of the E experts: for
 * Qwen3-30B-A3B (128 experts, 8 a token) 92.4% at 40 tokens and all but 5e-15 at 512, so the refinement matters for
 * short prompts and small ubatches (the PR measured 1.36x at ubatch 512 on gpt-oss-20b, whose routing is skewed, which
 * a uniform law does not see: an upper bound on the bytes).
 */
final class OffloadCopy {
    private OffloadCopy() {
    }

    /**
     * Seconds to copy {@code bytes} of host-resident weights to the GPU in {@code syncs} copies: through the driver's
     * pageable staging from the mapped model file (llama.cpp's default {@code mmap}), or at the pinned rate where the
     * run loaded them into the GPU's host buffer ({@code --no-mmap}, {@link RuntimeConstants#hostWeightsPinned}).
     */
    static double weightSeconds(Workload w, Calibration c, double bytes, double syncs) {
        return c.runtime().hostWeightsPinned() ? LinkTime.seconds(w, c, bytes, syncs)
                : LinkTime.pageableSeconds(w, c, bytes, syncs);
    }

    /** Ubatches a prompt of {@code tokens} tokens is split into. */
    static double ubatches(double tokens, double ubatchTokens) {
        return Math.ceil(tokens / ubatchTokens);
    }

    /**
     * Copies of one layer's whole routed-expert set that a prompt's ubatches move, summed over the ubatches: each
     * ubatch copies the experts its tokens touch ({@link MoeSpec#expertsTouchedInUbatches}). A dense FFN ({@code moe}
     * one expert) is copied whole once per ubatch.
     */
    static double expertSetCopies(MoeSpec moe, double tokens, double ubatchTokens) {
        return moe.expertsTouchedInUbatches(tokens, ubatchTokens) / moe.numExperts();
    }
}
