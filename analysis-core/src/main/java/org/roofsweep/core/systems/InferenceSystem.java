package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.Workload;

/** An inference system as a cost model: evaluates one workload into its times and memory. Pure and thread-safe. */
public interface InferenceSystem {
    /** The name used in configs and tables, e.g. {@code dense-gpu}. */
    String name();

    Result evaluate(Workload w, Calibration calibration);
}
