package org.roofsweep.core.sweep;

import org.roofsweep.core.systems.Result;

/**
 * One evaluated grid point: its inputs, what its system predicts, and where the GPU's efficiencies come from
 * ({@code fitted}, {@code borrowed:<backend>} or {@code uncalibrated}; see {@code Calibration#status}).
 */
public record Evaluation(SweepPoint point, Result result, String calibration) {
}
