package org.roofsweep.core.sweep;

import org.roofsweep.core.systems.Result;

/**
 * One evaluated grid point: its inputs, what its system predicts, where the GPU's efficiencies come from
 * ({@code fitted}, {@code borrowed:<backend>} or {@code uncalibrated}; see {@code Calibration#status}) and, for a
 * point with images, where the vision path that encodes them comes from (the same vocabulary; null for text-only
 * points).
 */
public record Evaluation(SweepPoint point, Result result, String calibration, String visionCalibration) {
    /** A point whose vision path is not recorded (a text-only point). */
    public Evaluation(SweepPoint point, Result result, String calibration) {
        this(point, result, calibration, null);
    }
}
