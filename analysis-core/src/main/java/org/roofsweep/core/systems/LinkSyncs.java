package org.roofsweep.core.systems;

import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.LinkTime;
import org.roofsweep.core.request.Workload;

/**
 * Link traffic of one layer for a pass of n tokens, by the kind of synchronisation. A hybrid FFN (0 < hot < 1) under
 * kernels of today ships the FFN input and the predictor's n_ff scores to the CPU and the CPU's up (n_ff) and down (d)
 * partial sums back for the merge on the GPU, in four synchronisations (docs/powerinfer-facts.md Sec. 1.5). The
 * fork's graph moves more (Sec. 7.3): the merged up and gate sums are not GPU tensors, so each of the two
 * {@code ggml_add}s copies the CPU partial in and the sum out (4 n_ff), the offloaded gate partial comes in (n_ff),
 * the activation goes back for the CPU's AXPY (n_ff), plus the FFN input and the down partials (2 d): 6 n_ff + 2 d in
 * eight synchronous copies. An FFN wholly on the other side of its attention ships the
 * hidden state there and back. Attention on the GPU over a KV cache in host memory ships Q, K, V over and the output
 * back. The hot fraction only decides which kinds occur, so each is priced once per pass.
 *
 * @param hybridSeconds seconds of a hybrid FFN's synchronisations
 * @param crossingSeconds seconds of the hidden state's round trip to an FFN wholly on the other side
 * @param remoteKvSeconds seconds of the round trip of GPU attention to a KV cache in host memory
 */
record LinkSyncs(double hybridSeconds, double crossingSeconds, double remoteKvSeconds) {
    /** Synchronisations of a hybrid layer: FFN input and predictor out, up partials in, down partials in, merge. */
    private static final int HYBRID_SYNCS = 4;
    /** The fork's: the two adds' copies in and out (4), the gate partial, the AXPY's activation, input, down. */
    private static final int FORK_HYBRID_SYNCS = 8;
    /** n_ff-long vectors a hybrid layer moves per token: today's kernels, and the fork's graph. */
    private static final int HYBRID_FFN_VECTORS = 2;
    private static final int FORK_HYBRID_FFN_VECTORS = 6;

    /** The synchronisations of a pass of {@code n} tokens; activations and partial sums cross the link as FP32. */
    static LinkSyncs of(Workload w, Calibration c, double n, SparseKernels kernels) {
        boolean fork = kernels == SparseKernels.FORK;
        int vectors = fork ? FORK_HYBRID_FFN_VECTORS : HYBRID_FFN_VECTORS;
        ModelSpec m = w.model();
        double d = m.hiddenSize();
        double ffnOut = m.intermediateSize() * m.moe().expertsTouched(n);
        double qkvo = 2 * m.qDim() + 2 * m.kvDim();
        return new LinkSyncs(
                LinkTime.seconds(w, c, n * (vectors * ffnOut + 2 * d) * Units.FP32_BYTES,
                        fork ? FORK_HYBRID_SYNCS : HYBRID_SYNCS),
                LinkTime.seconds(w, c, n * 2 * d * Units.FP32_BYTES, 2),
                LinkTime.seconds(w, c, n * qkvo * w.precision().activationBytes(), 2));
    }

    /** Link time of one layer whose dense block is on the GPU or not, by the split of its FFN. */
    double seconds(FfnSplit split, boolean denseOnGpu, boolean kvOnGpu) {
        double s = 0;
        if (split == FfnSplit.HYBRID) {
            s += hybridSeconds;
        } else if (denseOnGpu != (split == FfnSplit.GPU_ONLY)) {
            s += crossingSeconds;
        }
        if (denseOnGpu && !kvOnGpu) {
            s += remoteKvSeconds;
        }
        return s;
    }
}
