package org.roofsweep.core.validate;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a {@code powerinfer} row ran PowerInfer's CPU build, every weight computed on the CPU: the placement of a
 * zero VRAM budget, summarised under the {@code cpu} backend. Two cases:
 * <ul>
 * <li>the row names no GPU ({@code gpu} = {@code none}, no {@code gpu_key});</li>
 * <li>a Windows build dated before PowerInfer ran on the GPU under Windows. The maintainers' tracker
 * (Tiiny-AI/PowerInfer issue #86, "Windows CPU/GPU support") lists the closed PR #73 "for CPU support" and PR #114
 * "for CPU/GPU support"; on 2024-01-04 they wrote (issue #115) "As of now, CPU inference support is available in PR
 * #114", and the README's news of 2024-01-11, the day #114 was merged (commit 2217e7f), reads "We supported Windows
 * with GPU inference!". A Windows build of an earlier date computes on the CPU whatever {@code --vram-budget} its
 * command line gives.</li>
 * </ul>
 */
public final class PowerInferCpuBuild {
    /** The day PowerInfer's Windows build gained GPU inference (PR #114 merged, commit 2217e7f). */
    static final LocalDate WINDOWS_GPU_INFERENCE = LocalDate.of(2024, 1, 11);

    private PowerInferCpuBuild() {
    }

    /** Whether the row's run computed every weight on the CPU (its {@code system} is taken to be PowerInfer). */
    public static boolean ran(MeasuredRow r) {
        boolean noGpu = r.gpu().equalsIgnoreCase(MeasuredRow.NO_GPU) && r.gpuKey().isEmpty();
        return noGpu || windowsBeforeGpuInference(r.framework(), BuildDate.of(r.framework()));
    }

    /** A build the framework text names as Windows, dated before {@link #WINDOWS_GPU_INFERENCE}. */
    static boolean windowsBeforeGpuInference(String framework, Optional<LocalDate> built) {
        return framework.toLowerCase(Locale.ROOT).contains("windows") && built.isPresent()
                && built.get().isBefore(WINDOWS_GPU_INFERENCE);
    }
}
