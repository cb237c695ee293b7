package org.roofsweep.core.ops;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.model.MlaSpec;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;

/**
 * Multi-head latent attention (DeepSeek-V2, arXiv 2405.04434 Sec. 2.1) in its absorbed form, as llama.cpp runs it
 * with its MLA cache: each token caches only the latent c (kv_lora_rank) and the rotary key k^R (qk_rope_head_dim).
 * The key up-projection W^UK is absorbed into the query (q_absorb: each head's non-rotary query times its
 * kv_lora x nope slice), so every head scores against the shared latent as one KV head of width (kv_lora + rope); the
 * value up-projection W^UV is applied to each head's weighted latent afterwards (v_up). Weights: q (or q_a and q_b
 * through q_lora_rank), kv_a (d -> kv_lora + rope), kv_b (kv_lora -> heads x (nope + v)), o (heads x v -> d).
 */
final class LatentAttention {
    private LatentAttention() {
    }

    static List<Op> ops(ModelSpec m, Precision p, Pass pass, boolean flash) {
        MlaSpec a = m.attention().mla();
        double t = pass.tokens();
        double b = pass.batch();
        double d = m.hiddenSize();
        double h = m.numAttentionHeads();
        double c = a.kvLoraRank();
        double r = a.qkRopeHeadDim();
        double nope = a.qkNopeHeadDim();
        double v = a.vHeadDim();
        double qOut = h * a.qkHeadDim();
        double ab = p.activationBytes();
        double wb = p.weightBytes();
        double kb = p.kvBytes();
        List<Op> ops = new ArrayList<>();
        if (a.qLoraRank() == 0) {
            ops.add(new Op("q_proj", OpKind.PROJECTION, 2 * t * d * qOut, d * qOut * wb, t * (d + qOut) * ab, 0, 0));
        } else {
            double ql = a.qLoraRank();
            ops.add(new Op("q_a_proj", OpKind.PROJECTION, 2 * t * d * ql, d * ql * wb, t * (d + ql) * ab, 0, 0));
            ops.add(new Op("q_b_proj", OpKind.PROJECTION, 2 * t * ql * qOut, ql * qOut * wb, t * (ql + qOut) * ab,
                    0, 0));
        }
        // the latent and the rotary key go straight into the cache
        ops.add(new Op("kv_a_proj", OpKind.PROJECTION, 2 * t * d * (c + r), d * (c + r) * wb, t * d * ab, 0,
                t * (c + r) * kb));
        ops.add(new Op("rope", OpKind.ELEMENTWISE, Transformer.ROPE_FLOPS_PER_ELEMENT * t * (h * r + r), 0,
                2 * t * (h * r + r) * ab, 0, 0));
        ops.add(new Op("q_absorb", OpKind.PROJECTION, 2 * t * h * nope * c, h * nope * c * wb,
                t * h * (nope + c) * ab, 0, 0));
        double pairs = b * h * pass.causalPairs();
        double kvRead = b * pass.context() * (c + r) * kb;
        double qBytes = t * h * (c + r) * ab;
        double outBytes = t * h * c * ab;
        // scores over (c + r) elements per pair, values over c; the values are the first c elements of the cache
        double scoreFlops = 2 * pairs * (c + r);
        double valueFlops = 2 * pairs * c;
        if (flash) {
            ops.add(new Op("attention", OpKind.ATTENTION,
                    scoreFlops + valueFlops + Transformer.SOFTMAX_FLOPS_PER_SCORE * pairs, 0, qBytes + outBytes,
                    kvRead, 0));
        } else {
            double scores = b * h * pass.newTokens() * pass.context() * ab;
            ops.add(new Op("qk_matmul", OpKind.ATTENTION, scoreFlops, 0, qBytes + scores, kvRead, 0));
            ops.add(new Op("softmax", OpKind.ATTENTION, Transformer.SOFTMAX_FLOPS_PER_SCORE * pairs, 0, 2 * scores,
                    0, 0));
            ops.add(new Op("sv_matmul", OpKind.ATTENTION, valueFlops, 0, scores + outBytes,
                    b * pass.context() * c * kb, 0));
        }
        ops.add(new Op("v_up", OpKind.PROJECTION, 2 * t * h * c * v, h * c * v * wb, t * h * (c + v) * ab, 0, 0));
        ops.add(new Op("o_proj", OpKind.PROJECTION, 2 * t * h * v * d, h * v * d * wb, t * (h * v + d) * ab, 0, 0));
        return ops;
    }
}
