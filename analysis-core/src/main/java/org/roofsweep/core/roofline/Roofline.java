package org.roofsweep.core.roofline;

import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;

/** Sums of roofline times over operator lists, and the exact closed-form sum over all decode steps of a request. */
public final class Roofline {
    private Roofline() {
    }

    public static double seconds(Op[] ops, ExecutionUnit unit) {
        double s = 0;
        for (Op op : ops) {
            s += unit.seconds(op);
        }
        return s;
    }

    /** Time of the ops of the given kinds only. */
    public static double seconds(Op[] ops, ExecutionUnit unit, OpKind... kinds) {
        double s = 0;
        for (Op op : ops) {
            for (OpKind k : kinds) {
                if (op.kind() == k) {
                    s += unit.seconds(op);
                    break;
                }
            }
        }
        return s;
    }

    public static double flops(Op[] ops) {
        double f = 0;
        for (Op op : ops) {
            f += op.flops();
        }
        return f;
    }

    public static double bytes(Op[] ops) {
        double b = 0;
        for (Op op : ops) {
            b += op.bytes();
        }
        return b;
    }

    /** FLOPs of the ops of the given kinds only. */
    public static double flops(Op[] ops, OpKind... kinds) {
        double f = 0;
        for (Op op : ops) {
            if (isOneOf(op, kinds)) {
                f += op.flops();
            }
        }
        return f;
    }

    /** Bytes of the ops of the given kinds only. */
    public static double bytes(Op[] ops, OpKind... kinds) {
        double b = 0;
        for (Op op : ops) {
            if (isOneOf(op, kinds)) {
                b += op.bytes();
            }
        }
        return b;
    }

    private static boolean isOneOf(Op op, OpKind[] kinds) {
        for (OpKind k : kinds) {
            if (op.kind() == k) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sum of the op times of {@code steps} decode steps at contexts L0, L0+1, ..., exactly. Every op's FLOPs and bytes
     * are affine in the context (only attention grows, by one KV entry per step), so given the graph at L0
     * ({@code first}) and at L0+1 ({@code second}) each op's time is max(c0 + c1*s, m0 + m1*s) and its sum over s has a
     * closed form: split at the step where the two lines cross and sum each arithmetic series. A CPU's fused
     * attention re-reads ({@link ExecutionUnit#bytesOf}) are priced as the first step finds them: paid over all
     * steps when its scan already outgrows the cores' cache, none when it fits.
     */
    public static double decodeSeconds(Op[] first, Op[] second, ExecutionUnit unit, double steps) {
        if (steps <= 0) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < first.length; i++) {
            Op a = first[i];
            Op b = second[i];
            double c0 = a.flops() / unit.flopsPerSecondOf(a);
            double c1 = b.flops() / unit.flopsPerSecondOf(b) - c0;
            double m0 = unit.bytesOf(a) / unit.bytesPerSecond();
            double m1 = unit.bytesOf(b) / unit.bytesPerSecond() - m0;
            total += sumOfMax(c0, c1, m0, m1, steps);
        }
        return total;
    }

    /**
     * Time of all decode steps of {@code layers} layers on a unit, exact over the growing context, given the layer's
     * graphs at the first two steps ({@link RequestShape#decodeLayer}(0) and (1)), with each step's kernel launches
     * ({@link ExecutionUnit#stepOverhead}: one captured graph's where the backend captures the step).
     */
    public static double decodeLayersSeconds(Op[] first, Op[] second, ExecutionUnit unit, double layers, int steps) {
        return layers * decodeSeconds(first, second, unit, steps) + unit.stepOverhead(layers, steps);
    }

    /**
     * Time to encode every image of the batch on one device: all views through the used layers as the device's build
     * runs them, then the projector, and the kernel launches of each view's graph ({@link VisionDevice#launchSeconds});
     * 0 without images.
     */
    public static double visionSeconds(RequestShape r, VisionDevice device) {
        if (!r.hasImages()) {
            return 0;
        }
        double layer = 0;
        for (Op op : device.encoderLayer(r)) {
            layer += device.seconds(op);
        }
        return r.workload().model().vision().layersUsed() * layer + seconds(r.visionProjector(), device.matrix())
                + device.launchSeconds(r);
    }

    /** Sum over s = 0 .. n-1 of max(c0 + c1*s, m0 + m1*s). */
    static double sumOfMax(double c0, double c1, double m0, double m1, double n) {
        if (c1 == m1) {
            return c0 >= m0 ? affineSum(c0, c1, 0, n) : affineSum(m0, m1, 0, n);
        }
        // the lines cross at s* = (m0 - c0) / (c1 - m1): before it the flatter line is the larger, after it the steeper
        double cross = (m0 - c0) / (c1 - m1);
        double k = Math.min(n, Math.max(0, Math.ceil(cross)));
        boolean computeSteeper = c1 > m1;
        double head = computeSteeper ? affineSum(m0, m1, 0, k) : affineSum(c0, c1, 0, k);
        double tail = computeSteeper ? affineSum(c0, c1, k, n) : affineSum(m0, m1, k, n);
        return head + tail;
    }

    /** Sum over s = lo .. hi-1 of (a + b*s). */
    private static double affineSum(double a, double b, double lo, double hi) {
        if (hi <= lo) {
            return 0;
        }
        double count = hi - lo;
        return count * a + b * (hi * (hi - 1) - lo * (lo - 1)) / 2;
    }
}
