package org.roofsweep.core.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.roofsweep.core.Units;
import org.roofsweep.core.model.AttentionLayout;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.VisionSpec;

/**
 * The operator graph of a transformer, one readable method per block, after LLM-Viewer (arXiv 2402.16363, Sec. 3):
 * each op lists its FLOPs beside the bytes of weights, activations and KV cache it moves. Counts are per layer; a
 * matrix product of an m x k activation by a k x n weight costs 2mkn FLOPs and reads k*n weights.
 */
public final class Transformer {
    /** FLOPs per element of an RMSNorm/LayerNorm: square, sum, scale, multiply by the weight. */
    private static final double NORM_FLOPS_PER_ELEMENT = 4;
    /** FLOPs per score of a softmax: max, subtract, exp, sum, divide. */
    static final double SOFTMAX_FLOPS_PER_SCORE = 5;
    /** Rotary embedding: a 2x2 rotation per pair of elements, 3 FLOPs per element. */
    static final double ROPE_FLOPS_PER_ELEMENT = 3;
    /**
     * Ops of a dense decoder layer, the list's first capacity: 2 norms, Q/K/V, RoPE, up to 3 attention ops, O, 2
     * residuals and a gated MLP's 4 (an MoE layer with shared experts grows it once).
     */
    private static final int LAYER_OPS = 16;
    /** Query rows of one tile of ggml-cpu's tiled FlashAttention ({@code GGML_FA_TILE_Q}, ggml-cpu/common.h). */
    static final int FLASH_QUERY_TILE = 64;
    /** Bits of an F16 cache element. */
    private static final double F16_KV_BITS = 16;

    private Transformer() {
    }

    /** Operators of one decoder layer for one pass (averaged over the layers where they differ). */
    public static Op[] decoderLayer(ModelSpec m, Precision p, Pass pass, boolean flashAttention) {
        double t = pass.tokens();
        double d = m.hiddenSize();
        double ab = p.activationBytes();
        List<Op> ops = new ArrayList<>(LAYER_OPS);
        ops.add(norm("attn_norm", t, d, ab));
        if (m.attention().mla() != null) {
            ops.addAll(LatentAttention.ops(m, p, pass, flashAttention));
        } else {
            double q = m.qDim();
            double kv = m.kvDim();
            double wb = p.weightBytes();
            double kb = p.kvBytes();
            ops.add(new Op("q_proj", OpKind.PROJECTION, 2 * t * d * q, d * q * wb, t * (d + q) * ab, 0, 0));
            // K and V are written straight into the cache.
            ops.add(new Op("k_proj", OpKind.PROJECTION, 2 * t * d * kv, d * kv * wb, t * d * ab, 0, t * kv * kb));
            ops.add(new Op("v_proj", OpKind.PROJECTION, 2 * t * d * kv, d * kv * wb, t * d * ab, 0, t * kv * kb));
            ops.add(new Op("rope", OpKind.ELEMENTWISE, ROPE_FLOPS_PER_ELEMENT * t * (q + kv), 0,
                    2 * t * (q + kv) * ab, 0, 0));
            Collections.addAll(ops, attention(m, p, pass, flashAttention));
            ops.add(new Op("o_proj", OpKind.PROJECTION, 2 * t * q * d, q * d * wb, t * (q + d) * ab, 0, 0));
        }
        ops.add(residual("attn_residual", t, d, ab));
        ops.add(norm("ffn_norm", t, d, ab));
        FeedForward.addOps(ops, m, p, t);
        ops.add(residual("ffn_residual", t, d, ab));
        return ops.toArray(Op[]::new);
    }

    /**
     * Score and value products over the context each layer attends to (all of it, or a sliding window: the mean
     * over layers). With FlashAttention they are one fused kernel and the score matrix never reaches memory; without
     * it the n x ctx scores are written, read by softmax and read again by the value product, each time as F32
     * (ggml_mul_mat's result type on every backend, and ggml_soft_max_ext's): 4 + 8 + 4 bytes a score, as
     * {@link #unfusedVisionAttention} counts them. K and V of the context are read once per KV head (GQA/MQA share
     * them across query heads). The fused op also states the re-reads of a kernel that attends one query row of one
     * head at a time with no reuse of K and V across rows or heads (ggml-cpu's {@code flash_attn_ext_f16}: a
     * {@code vec_dot} of each K row, then a {@code vec_mad} of its V row, per query row and head): every scored pair
     * reads a K and a V row, the {@code kvScanBytes} of one head's context per row ({@link Op}). MLA models:
     * {@link LatentAttention}.
     */
    public static Op[] attention(ModelSpec m, Precision p, Pass pass, boolean flash) {
        if (m.attention().mla() != null) {
            return Op.ofKinds(LatentAttention.ops(m, p, pass, flash).toArray(Op[]::new), OpKind.ATTENTION);
        }
        double b = pass.batch();
        double h = m.numAttentionHeads();
        double hd = m.headDim();
        double pairs = b * h * meanPairs(m, pass);
        double attended = meanContext(m, pass);
        double kvRead = b * attended * m.kvDim() * p.kvBytes();
        double ab = p.activationBytes();
        double qBytes = pass.tokens() * m.qDim() * ab;
        if (flash) {
            // a K row and a V row of head size hd per scored pair (per tile of query rows where the kernel tiles
            // them), beyond the one read of each KV head
            double rowPair = 2 * hd * p.kvBytes();
            double rereads = Math.max(0, pairs * rowPair / flashQueryTile(p, pass) - 2 * kvRead);
            return new Op[] {new Op("attention", OpKind.ATTENTION,
                    4 * pairs * hd + SOFTMAX_FLOPS_PER_SCORE * pairs, 0, 2 * qBytes, 2 * kvRead, 0, rereads,
                    attended * rowPair, splitsKeysAcrossThreads(p, pass, attended))};
        }
        // the unfused products multiply every new row by every attended key, the causal mask applied to the scores
        // after (ggml_soft_max_ext): n x context pairs, the masked ones included
        double allPairs = b * h * pass.newTokens() * attended;
        double scores = allPairs * Units.FP32_BYTES;
        return new Op[] {
            new Op("qk_matmul", OpKind.ATTENTION, 2 * allPairs * hd, 0, qBytes + scores, kvRead, 0),
            new Op("softmax", OpKind.ATTENTION, SOFTMAX_FLOPS_PER_SCORE * allPairs, 0, 2 * scores, 0, 0),
            new Op("sv_matmul", OpKind.ATTENTION, 2 * allPairs * hd, 0, scores + qBytes, kvRead, 0)
        };
    }

    /**
     * Query rows one scan of K and V serves in ggml-cpu's FlashAttention: {@link #FLASH_QUERY_TILE} for a prompt of
     * at least that many tokens over an F16 cache (ggml-cpu's {@code flash_attn_ext_tiled}, llama.cpp PR #19012,
     * release b7833: Q F32, K and V F16 of one type, {@code neq1 >= GGML_FA_TILE_Q}), else 1 (the one-row
     * {@code one_chunk} kernel: decode, short prompts and quantized caches).
     */
    static double flashQueryTile(Precision p, Pass pass) {
        return pass.newTokens() >= FLASH_QUERY_TILE && p.kvBits() == F16_KV_BITS ? FLASH_QUERY_TILE : 1;
    }

    /**
     * Whether ggml-cpu's decode FlashAttention of a build since PR #19209 splits this pass's keys across its threads
     * ({@link Op#kvSplitAcrossThreads}): one new token of one sequence over an F16 cache (K and V of one type, as
     * {@link Precision} keeps them; its caches are at most 16 bits) of at least {@link Op#SPLIT_KV_MIN_KEYS} keys.
     */
    static boolean splitsKeysAcrossThreads(Precision p, Pass pass, double attendedKeys) {
        return pass.batch() == 1 && pass.newTokens() == 1 && p.kvBits() == F16_KV_BITS
                && attendedKeys >= Op.SPLIT_KV_MIN_KEYS;
    }

    /** Query-key pairs one head scores per sequence, averaged over full and sliding-window layers. */
    static double meanPairs(ModelSpec m, Pass pass) {
        AttentionLayout a = m.attention();
        if (a.slidingLayers() == 0) {
            return pass.causalPairs();
        }
        int layers = m.numLayers();
        return ((layers - a.slidingLayers()) * pass.causalPairs()
                + a.slidingLayers() * pass.windowedPairs(a.slidingWindow())) / layers;
    }

    /** Keys each layer reads after the pass, averaged over full and sliding-window layers. */
    static double meanContext(ModelSpec m, Pass pass) {
        return m.attention().meanAttendedTokens(pass.context(), m.numLayers());
    }

    /**
     * Operators outside the layers: embedding lookup, final norm and the LM head. Only the last token of each
     * sequence needs logits (llama.cpp computes no others), so the head multiplies {@code batch} rows.
     */
    public static Op[] head(ModelSpec m, Precision p, Pass pass) {
        double t = pass.tokens();
        double d = m.hiddenSize();
        double v = m.vocabSize();
        double b = pass.batch();
        double ab = p.activationBytes();
        return new Op[] {
            new Op("embedding", OpKind.EMBEDDING, 0, t * d * p.weightBytes(), t * d * ab, 0, 0),
            norm("final_norm", b, d, ab),
            // the logits leave as FP32
            new Op("lm_head", OpKind.LM_HEAD, 2 * b * d * v, d * v * p.weightBytes(),
                    b * d * ab + b * v * Units.FP32_BYTES, 0, 0)
        };
    }

    /**
     * One ViT encoder layer over {@code views} images of {@code tokensPerView} tokens each: bidirectional attention
     * (n^2 scores per head), an ungated GELU MLP (or a gated one, whose gate and up matrices form fc1). Vision towers
     * run in FP16 (llama.cpp's mmproj files are F16). {@code fused}: the attention as one FlashAttention op; otherwise
     * as {@link #unfusedVisionAttention}.
     */
    public static Op[] encoderLayer(VisionSpec v, int views, int tokensPerView, boolean fused) {
        double n = tokensPerView;
        double t = views * n;
        double d = v.hiddenSize();
        double i = v.intermediateSize();
        double ab = Precision.FP16.activationBytes();
        double wb = Precision.FP16.weightBytes();
        double pairs = views * v.numHeads() * n * n;
        double hd = d / v.numHeads();
        // a gated MLP's gate and up matrices both read the input: fc1 is then two matrices
        double up = v.mlpMatrices() - 1;
        Op[] attention = fused
                ? new Op[] {new Op("vit_attention", OpKind.VISION, 4 * pairs * hd + SOFTMAX_FLOPS_PER_SCORE * pairs,
                        0, t * 4 * d * ab, 0, 0)}
                : unfusedVisionAttention(t, d, pairs, hd);
        List<Op> ops = new ArrayList<>();
        ops.add(norm("vit_norm1", t, d, ab));
        ops.add(new Op("vit_qkv", OpKind.VISION, 2 * t * d * 3 * d, 3 * d * d * wb, t * 4 * d * ab, 0, 0));
        ops.addAll(List.of(attention));
        ops.addAll(List.of(
            new Op("vit_out_proj", OpKind.VISION, 2 * t * d * d, d * d * wb, 2 * t * d * ab, 0, 0),
            residual("vit_residual1", t, d, ab),
            norm("vit_norm2", t, d, ab),
            new Op("vit_fc1", OpKind.VISION, 2 * t * d * i * up, up * d * i * wb, t * (d + up * i) * ab, 0, 0),
            new Op("vit_gelu", OpKind.ELEMENTWISE, 8 * t * i, 0, 2 * t * i * ab, 0, 0),
            new Op("vit_fc2", OpKind.VISION, 2 * t * i * d, i * d * wb, t * (i + d) * ab, 0, 0),
            residual("vit_residual2", t, d, ab)));
        return ops.toArray(Op[]::new);
    }

    /**
     * The CLIP graph's attention without FlashAttention ({@code clip_graph::build_attn}'s non-FA branch; the only
     * branch before llama.cpp PR #16837): {@code kq = ggml_mul_mat(k, q)} writes every score as F32,
     * {@code ggml_soft_max_ext} reads and rewrites them, {@code ggml_mul_mat(v, kq)} reads them again, so each of the
     * {@code pairs} scores (views x heads x n^2) moves 4 + 8 + 4 = 16 bytes. Both products multiply two F32
     * activations (Q, K and V are F32 outputs of the projections, ggml_mul_mat's result type), which no F16 matrix
     * path takes: they are {@link OpKind#VISION_F32} ops (2 x pairs x head size FLOPs each), reading their F32
     * operands ({@code t} tokens x width {@code d}, 4 bytes each) and the second writing its F32 output.
     */
    static Op[] unfusedVisionAttention(double t, double d, double pairs, double hd) {
        double f32 = Units.FP32_BYTES;
        return new Op[] {
            new Op("vit_kq", OpKind.VISION_F32, 2 * pairs * hd, 0, 2 * t * d * f32 + pairs * f32, 0, 0),
            new Op("vit_softmax", OpKind.ELEMENTWISE, SOFTMAX_FLOPS_PER_SCORE * pairs, 0, 2 * pairs * f32, 0, 0),
            new Op("vit_kqv", OpKind.VISION_F32, 2 * pairs * hd, 0, pairs * f32 + 2 * t * d * f32, 0, 0)
        };
    }

    /**
     * The projector over the LLM tokens of all images: two linear layers with a GELU between, or one; a projector
     * that merges after its MLP ({@link org.roofsweep.core.model.ProjectorSpec#mergesAfterMlp}) runs it over
     * merge^2 patches per token.
     */
    public static Op[] projector(VisionSpec v, double llmTokens) {
        var pr = v.projector();
        double ab = Precision.FP16.activationBytes();
        double wb = Precision.FP16.weightBytes();
        double t = pr.mergesAfterMlp() ? llmTokens * pr.merge() * pr.merge() : llmTokens;
        if (pr.linear()) {
            return new Op[] {new Op("proj_linear", OpKind.VISION, 2 * t * pr.inputSize() * pr.outputSize(),
                    (double) pr.inputSize() * pr.outputSize() * wb, t * (pr.inputSize() + pr.outputSize()) * ab, 0, 0)};
        }
        if (pr.resampler()) {
            return resampler(v, t, ab, wb);
        }
        return new Op[] {
            new Op("proj_fc1", OpKind.VISION, 2 * t * pr.inputSize() * pr.hiddenSize(),
                    (double) pr.inputSize() * pr.hiddenSize() * wb, t * (pr.inputSize() + pr.hiddenSize()) * ab, 0, 0),
            new Op("proj_gelu", OpKind.ELEMENTWISE, 8 * t * pr.hiddenSize(), 0, 2 * t * pr.hiddenSize() * ab, 0, 0),
            new Op("proj_fc2", OpKind.VISION, 2 * t * pr.hiddenSize() * pr.outputSize(),
                    (double) pr.hiddenSize() * pr.outputSize() * wb, t * (pr.hiddenSize() + pr.outputSize()) * ab, 0, 0)
        };
    }

    /**
     * MiniCPM-V's perceiver resampler over {@code queries} output tokens, {@code tokensPerView} of them per view: every
     * patch of the view is projected to K/V width ({@code input -> output}) and by the attention's K and V matrices;
     * the learned queries go through Q, attend over the view's patches (QK^T and AV: 4 x queries x patches x width),
     * then the output matrix and the final projection ({@code output^2} each).
     */
    private static Op[] resampler(VisionSpec v, double queries, double ab, double wb) {
        var pr = v.projector();
        double side = (double) v.imageSize() / v.patchSize();
        double perViewPatches = side * side;
        double patches = queries / v.tokenPolicy().tokensPerView() * perViewPatches;
        double in = pr.inputSize();
        double d = pr.outputSize();
        return new Op[] {
            new Op("resampler_kv_proj", OpKind.VISION, 2 * patches * in * d + 2 * 2 * patches * d * d,
                    (in * d + 2 * d * d) * wb, patches * (in + 3 * d) * ab, 0, 0),
            new Op("resampler_attention", OpKind.VISION, 2 * queries * d * d + 4 * queries * perViewPatches * d,
                    d * d * wb, queries * 2 * d * ab + patches * 2 * d * ab, 0, 0),
            new Op("resampler_out_proj", OpKind.VISION, 2 * 2 * queries * d * d, 2 * d * d * wb,
                    3 * queries * d * ab, 0, 0)
        };
    }

    static Op norm(String name, double tokens, double d, double ab) {
        return new Op(name, OpKind.ELEMENTWISE, NORM_FLOPS_PER_ELEMENT * tokens * d, d * ab, 2 * tokens * d * ab, 0, 0);
    }

    private static Op residual(String name, double tokens, double d, double ab) {
        return new Op(name, OpKind.ELEMENTWISE, tokens * d, 0, 3 * tokens * d * ab, 0, 0);
    }
}
