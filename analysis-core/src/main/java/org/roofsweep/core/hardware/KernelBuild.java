package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * What a measured build of a backend ran its decode kernels on, as its source states it: the date the build was made
 * (empty: undated, today's kernels, as a sweep runs), the leading name of its weight format in lower case
 * ({@code q4_k_m}; empty: unknown) and the text the source describes the run with (a measurement's {@code framework}
 * column), where a kernel switch stated in words ({@code reorder off}) selects a generation whatever the date.
 */
public record KernelBuild(Optional<LocalDate> date, String format, String statement) {
    /**
     * The day ggml-backend's scheduler reached llama.cpp's master (ggml-org/llama.cpp PR #4766, 'llama : ggml-backend
     * integration', commit e7e4df0, 2024-01-12): a build dated before it ran a partial offload as a host-driven graph
     * ({@link RuntimeConstants#hostDrivenGraph}).
     */
    public static final LocalDate GGML_BACKEND = LocalDate.of(2024, 1, 12);

    public KernelBuild {
        format = format.toLowerCase(Locale.ROOT);
        statement = statement.toLowerCase(Locale.ROOT);
    }

    /** A build of {@code built} in an unknown format, stating nothing more. */
    public static KernelBuild on(LocalDate built) {
        return new KernelBuild(Optional.of(built), "", "");
    }

    /** Whether this build is dated before {@link #GGML_BACKEND} (an undated build is today's). */
    public boolean beforeGgmlBackend() {
        return date.filter(d -> d.isBefore(GGML_BACKEND)).isPresent();
    }

    /** Whether the source's text states {@code phrase} (lower case) of this build. */
    boolean states(String phrase) {
        return !phrase.isEmpty() && statement.contains(phrase);
    }
}
