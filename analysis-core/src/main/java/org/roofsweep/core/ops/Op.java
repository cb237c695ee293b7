package org.roofsweep.core.ops;

/**
 * One operator of one layer (or of the model head) for one forward pass: its FLOPs and the bytes it moves, split into
 * weights, activations (read + written) and KV cache (read, written). A fused attention op also states what a kernel
 * that attends one query row at a time re-reads ({@code kvRereadBytes}: every query row and query head reads its KV
 * head's rows again, beyond the one read per KV head in {@code kvReadBytes}) and the bytes one such scan covers
 * ({@code kvScanBytes}: one KV head's K and V rows over the attended context); a device whose kernels tile K and V
 * across query rows never pays the re-reads, a CPU pays them once a scan outgrows its cores' cache
 * ({@link org.roofsweep.core.roofline.ExecutionUnit#bytesOf}).
 */
public record Op(String name, OpKind kind, double flops, double weightBytes, double activationBytes,
        double kvReadBytes, double kvWriteBytes, double kvRereadBytes, double kvScanBytes) {

    /** An op no kernel re-reads the KV cache for. */
    public Op(String name, OpKind kind, double flops, double weightBytes, double activationBytes, double kvReadBytes,
            double kvWriteBytes) {
        this(name, kind, flops, weightBytes, activationBytes, kvReadBytes, kvWriteBytes, 0, 0);
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
                kvWriteBytes * share, kvRereadBytes * share, kvScanBytes);
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
