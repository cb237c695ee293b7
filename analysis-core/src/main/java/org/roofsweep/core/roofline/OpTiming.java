package org.roofsweep.core.roofline;

import org.roofsweep.core.ops.Op;

/**
 * An op placed on a unit's roofline: its time (times {@code repeat}, e.g. the layer count), arithmetic intensity,
 * attained FLOP/s and whether bandwidth bounds it.
 */
public record OpTiming(Op op, String unit, double repeat, double seconds, double intensity,
        double attainedFlopsPerSecond, boolean memoryBound) {
}
