package org.roofsweep.core.ops;

import java.util.List;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.MoeSpec;
import org.roofsweep.core.model.Precision;

/**
 * The FFN block of one layer, averaged over the layers when they differ (DeepSeek's first dense layers): the routed
 * experts ({@link OpKind#FFN}, what activation sparsity and expert offload act on), the shared experts and dense-layer
 * FFN that every token runs ({@link OpKind#DENSE_FFN}), and the router. A matrix product of t x k by k x n costs 2tkn
 * FLOPs and reads k*n weights once per pass.
 */
final class FeedForward {
    /** The op names of an MLP: the routed experts' (or the dense FFN's), the shared experts', the dense layers'. */
    private record Names(String gate, String up, String act, String down) {
        static Names of(String prefix) {
            return new Names(prefix + "gate_proj", prefix + "up_proj", prefix + "act_fn", prefix + "down_proj");
        }
    }

    private static final Names ROUTED = Names.of("");
    private static final Names SHARED = Names.of("shared_");
    private static final Names DENSE = Names.of("dense_");

    private FeedForward() {
    }

    /**
     * Appends the block's ops to {@code ops} (a layer's list: no list of its own, no copy; the op names built once,
     * not per call).
     */
    static void addOps(List<Op> ops, ModelSpec m, Precision p, double tokens) {
        MoeSpec moe = m.moe();
        double moeShare = moe.isMoe() ? (double) moe.moeLayers(m.numLayers()) / m.numLayers() : 1;
        double d = m.hiddenSize();
        double ab = p.activationBytes();
        if (moe.isMoe()) {
            double e = moe.numExperts();
            ops.add(new Op("router", OpKind.ROUTER, 2 * tokens * d * e, d * e * p.weightBytes(),
                    tokens * (d + e) * ab, 0, 0).scaled(moeShare));
        }
        // each routed token multiplies by the weights of the experts it picked; the pass reads each touched expert once
        double routed = tokens * moe.expertsPerToken();
        mlp(ops, m, p, ROUTED, OpKind.FFN, tokens, routed, moe.expertsTouched(tokens), m.intermediateSize(),
                moeShare);
        if (moe.sharedIntermediateSize() > 0) {
            mlp(ops, m, p, SHARED, OpKind.DENSE_FFN, tokens, tokens, 1, moe.sharedIntermediateSize(), moeShare);
        }
        if (moe.denseLayers() > 0) {
            mlp(ops, m, p, DENSE, OpKind.DENSE_FFN, tokens, tokens, 1, moe.denseIntermediateSize(), 1 - moeShare);
        }
    }

    /** Gate (if gated), up, activation and down over {@code routed} token-expert rows of width {@code f}. */
    private static void mlp(List<Op> ops, ModelSpec m, Precision p, Names names, OpKind kind, double tokens,
            double routed, double touched, double f, double share) {
        double d = m.hiddenSize();
        double ab = p.activationBytes();
        double wb = p.weightBytes();
        if (m.gatedMlp()) {
            ops.add(new Op(names.gate(), kind, 2 * routed * d * f, touched * d * f * wb,
                    (tokens * d + routed * f) * ab, 0, 0).scaled(share));
        }
        ops.add(new Op(names.up(), kind, 2 * routed * d * f, touched * d * f * wb,
                (tokens * d + routed * f) * ab, 0, 0).scaled(share));
        double actReads = m.gatedMlp() ? 2 : 1;
        ops.add(new Op(names.act(), OpKind.ELEMENTWISE, (m.gatedMlp() ? 5 : 4) * routed * f, 0,
                (actReads + 1) * routed * f * ab, 0, 0).scaled(share));
        ops.add(new Op(names.down(), kind, 2 * routed * f * d, touched * f * d * wb,
                (routed * f + tokens * d) * ab, 0, 0).scaled(share));
    }
}
