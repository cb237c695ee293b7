package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Map;

/**
 * One earlier generation of a backend's matrix-vector decode kernels: builds made before {@code until} (and on or
 * after the previous generation's end) stream the weights at {@code memory} of the data-sheet bandwidth and pay
 * {@code layerOverheadSeconds} per layer per token, in place of the backend's own (today's) figures. {@code status}
 * says where the figures come from, in {@link BackendCalibration}'s vocabulary: {@code fitted} to the rows of that
 * generation, or {@code borrowed:<backend>} (too few rows: the backend's fit pooled over every generation).
 * {@code formatsUntil} names the weight formats whose new kernel landed later than {@code until} (a format's leading
 * name, lower case, matched as the start of a row's: {@code q4_k} for {@code Q4_K_M}): a build of one of those formats
 * runs this generation up to that later date (SYCL's reorder reached Q4_0 in February 2025, Q4_K in May).
 * {@code statedAs}, where not empty, is a phrase (lower case) by which a source says its build ran these kernels
 * whatever its date ({@code reorder off}: SYCL's reordered layout switched off by a flag or a bug); see
 * {@link KernelBuild}.
 */
public record DecodeGeneration(LocalDate until, double memory, double layerOverheadSeconds, String status,
        Map<String, LocalDate> formatsUntil, String statedAs) implements java.io.Serializable {
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
        formatsUntil.forEach((format, later) -> {
            if (format.isEmpty() || !later.isAfter(until)) {
                throw new IllegalArgumentException("a format's later end must name a format and fall after the "
                        + "generation's own end " + until + ": " + format + " until " + later);
            }
        });
        for (String a : formatsUntil.keySet()) {
            for (String b : formatsUntil.keySet()) {
                if (!a.equals(b) && b.startsWith(a)) {
                    throw new IllegalArgumentException("format " + b + " starts with format " + a
                            + ": which later end a row takes would be ambiguous");
                }
            }
        }
        formatsUntil = Map.copyOf(formatsUntil);
        if (!statedAs.equals(statedAs.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("a generation's stated phrase is matched in lower case: " + statedAs);
        }
    }

    /** A generation that ended on one date for every format. */
    public DecodeGeneration(LocalDate until, double memory, double layerOverheadSeconds, String status) {
        this(until, memory, layerOverheadSeconds, status, Map.of(), "");
    }

    /** The same generation with other figures and status (a fit). */
    public DecodeGeneration with(double fittedMemory, double fittedOverheadSeconds, String fittedStatus) {
        return new DecodeGeneration(until, fittedMemory, fittedOverheadSeconds, fittedStatus, formatsUntil, statedAs);
    }

    /**
     * Whether {@code build} ran this generation's kernels by what its source states ({@link #statedAs}), whatever its
     * date.
     */
    public boolean statedBy(KernelBuild build) {
        return build.states(statedAs);
    }

    /**
     * When this generation ended for weights in {@code format} (a leading format name, lower case; empty: unknown):
     * the later date of the format it starts with, else {@code until}.
     */
    public LocalDate until(String format) {
        return formatsUntil.entrySet().stream().filter(e -> !format.isEmpty() && format.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(until);
    }
}
