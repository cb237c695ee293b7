package org.roofsweep.core.systems;

import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * A unit's roofline as seconds per FLOP and per byte: {@link ExecutionUnit#seconds} with multiplications, which cost
 * less than its divisions where PowerInfer's search prices an FFN some thirty times per placement.
 */
record Roof(double secondsPerFlop, double secondsPerByte) {
    Roof(ExecutionUnit unit) {
        this(1 / unit.flopsPerSecond(), 1 / unit.bytesPerSecond());
    }

    double seconds(double flops, double bytes) {
        return Math.max(flops * secondsPerFlop, bytes * secondsPerByte);
    }
}
