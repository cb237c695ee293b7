package org.roofsweep.core.ops;

/**
 * One operator of one layer (or of the model head) for one forward pass: its FLOPs and the bytes it moves, split into
 * weights, activations (read + written) and KV cache (read, written).
 */
public record Op(String name, OpKind kind, double flops, double weightBytes, double activationBytes,
        double kvReadBytes, double kvWriteBytes) {

    public double bytes() {
        return weightBytes + activationBytes + kvReadBytes + kvWriteBytes;
    }

    /** This op's FLOPs and bytes times {@code share}: its mean over layers when only that share of them has it. */
    public Op scaled(double share) {
        if (share == 1) {
            return this;
        }
        return new Op(name, kind, flops * share, weightBytes * share, activationBytes * share, kvReadBytes * share,
                kvWriteBytes * share);
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
