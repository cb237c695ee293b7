package org.roofsweep.core.ops;

/**
 * One operator of one layer (or of the model head) for one forward pass: its FLOPs and the bytes it moves, split into
 * weights, activations (read + written) and KV cache (read, written). A fused attention op also states what a kernel
 * that attends one query row at a time re-reads ({@code kvRereadBytes}: every query row and query head reads its KV
 * head's rows again, beyond the one read per KV head in {@code kvReadBytes}) and the bytes one such scan covers
 * ({@code kvScanBytes}: one KV head's K and V rows over the attended context); a device whose kernels tile K and V
 * across query rows never pays the re-reads, a CPU pays them once a scan outgrows its cores' cache
 * ({@link org.roofsweep.core.roofline.ExecutionUnit#bytesOf}). {@code kvSplitAcrossThreads}: the op is a one-token
 * decode of one sequence over an F16 or F32 cache of at least {@link #SPLIT_KV_MIN_KEYS} keys, which ggml-cpu's
 * FlashAttention splits across its threads by keys since PR #19209 (each thread scans its share of the keys once for
 * every query head), where earlier builds split the query heads and each thread scanned the whole context.
 */
public record Op(String name, OpKind kind, double flops, double weightBytes, double activationBytes,
        double kvReadBytes, double kvWriteBytes, double kvRereadBytes, double kvScanBytes,
        boolean kvSplitAcrossThreads) {

    /**
     * Keys from which ggml-cpu's decode FlashAttention splits the cache across threads ({@code use_split_kv_path}:
     * {@code neq1 == 1 && neq3 == 1}, K and V of one type, F16 or F32, Q F32, {@code nek1 >= 512}; ggml-cpu/ops.cpp
     * {@code ggml_compute_forward_flash_attn_ext_f16}, llama.cpp PR #19209).
     */
    public static final double SPLIT_KV_MIN_KEYS = 512;

    /** An op no kernel re-reads the KV cache for. */
    public Op(String name, OpKind kind, double flops, double weightBytes, double activationBytes, double kvReadBytes,
            double kvWriteBytes) {
        this(name, kind, flops, weightBytes, activationBytes, kvReadBytes, kvWriteBytes, 0, 0, false);
    }

    public double bytes() {
        return weightBytes + activationBytes + kvReadBytes + kvWriteBytes;
    }

    /** This op's FLOPs and bytes times {@code share}: its mean over layers when only that share of them has it. */
    public Op scaled(double share) {
        if (share == 1) {
            return this;
        }
        // the scan is one query row's, whatever the share of the layers that run it
        return new Op(name, kind, flops * share, weightBytes * share, activationBytes * share, kvReadBytes * share,
                kvWriteBytes * share, kvRereadBytes * share, kvScanBytes, kvSplitAcrossThreads);
    }

    /** FLOPs per byte moved. */
    public double arithmeticIntensity() {
        double b = bytes();
        return b > 0 ? flops / b : Double.POSITIVE_INFINITY;
    }

    /** The ops of the given kinds, in order. */
    public static Op[] ofKinds(Op[] ops, OpKind... kinds) {
        Op[] out = new Op[ops.length];
        int n = 0;
        for (Op op : ops) {
            for (OpKind k : kinds) {
                if (op.kind() == k) {
                    out[n++] = op;
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
