package org.roofsweep.core.systems;

import java.util.function.Consumer;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * The start every system's evaluation shares: the workload's request shape under the calibration, and the builder of
 * the system's result for it. {@link #rejected} is the memory check that ends a placement
 * ({@link Result.Builder#check}: the request's own problem first, then the system's checks of GPU and host memory, the
 * first reason recorded winning).
 */
record Evaluating(Workload w, Calibration c, RequestShape r, Result.Builder out) {

    static Evaluating start(String system, ExecutionMode mode, Workload w, Calibration c) {
        return start(system, mode, w, c, RequestShape.of(w, c));
    }

    /** The start of a system that runs {@code w} in a shape of its own (PowerInfer's fork reserves KV its way). */
    static Evaluating start(String system, ExecutionMode mode, Workload w, Calibration c, RequestShape r) {
        return new Evaluating(w, c, r, new Result.Builder(system, mode, r));
    }

    /**
     * Records the request's own problem, then runs {@code memoryChecks} on the builder; true when the request does
     * not fit, and {@code out().build()} is then the system's whole result.
     */
    boolean rejected(Consumer<Result.Builder> memoryChecks) {
        return !out.check(memoryChecks).feasible();
    }
}
