package org.roofsweep.core.hardware;

import java.time.LocalDate;

/**
 * One earlier generation of a backend's matrix-vector decode kernels: builds made before {@code until} (and on or
 * after the previous generation's end) stream the weights at {@code memory} of the data-sheet bandwidth and pay
 * {@code layerOverheadSeconds} per layer per token, in place of the backend's own (today's) figures. {@code status}
 * says where the figures come from, in {@link BackendCalibration}'s vocabulary: {@code fitted} to the rows of that
 * generation, or {@code borrowed:<backend>} (too few rows: the backend's fit pooled over every generation).
 */
public record DecodeGeneration(LocalDate until, double memory, double layerOverheadSeconds, String status)
        implements java.io.Serializable {
    public DecodeGeneration {
        if (until == null) {
            throw new IllegalArgumentException("a decode generation needs the date it ended");
        }
        if (!(memory > 0 && memory <= 1) || !(layerOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("a decode generation's memory efficiency must lie in (0, 1] and its "
                    + "layer overhead be >= 0: " + memory + ", " + layerOverheadSeconds);
        }
        if (!BackendCalibration.knownStatus(status)) {
            throw new IllegalArgumentException("decode generation status must be fitted, uncalibrated or "
                    + "borrowed:<backend>, found " + status);
        }
    }

    /** The same generation with other figures and status (a fit). */
    public DecodeGeneration with(double fittedMemory, double fittedOverheadSeconds, String fittedStatus) {
        return new DecodeGeneration(until, fittedMemory, fittedOverheadSeconds, fittedStatus);
    }
}
