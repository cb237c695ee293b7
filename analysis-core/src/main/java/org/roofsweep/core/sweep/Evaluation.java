package org.roofsweep.core.sweep;

import org.roofsweep.core.systems.Result;

/** One evaluated grid point: its inputs and what its system predicts. */
public record Evaluation(SweepPoint point, Result result) {
}
