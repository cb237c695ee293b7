package org.roofsweep.core.validate;

import java.util.List;
import org.roofsweep.core.hardware.CpuMatmulPath;
import org.roofsweep.core.Stats;

/**
 * The host CPU's prompt-processing efficiencies, one per matrix kernel path ({@link CpuMatmulPath}): each the median
 * of measured / ideal prompt throughput over llama.cpp {@code cpu-only} prefill rows of that path, predicted at ideal
 * efficiency (capped at 1), as a GPU backend's matrix paths are fitted; a path with fewer than {@code minRows} rows
 * keeps its base value.
 */
final class HostComputeFit {
    private HostComputeFit() {
    }

    /** A path's efficiency and the rows behind it (fewer than the minimum: the base's value, kept). */
    record PathFit(double efficiency, int rows) {
    }

    /** The fit of {@code path} over {@code cpuRows} (ideal predictions), else {@code base}. */
    static PathFit fit(List<Validation.Prediction> cpuRows, CpuMatmulPath path, int minRows, double base) {
        double[] ratios = cpuRows.stream()
                .filter(p -> !p.decode() && !p.vision() && !Calibrator.unstatedPrompt(p)
                        && CpuMatmulPath.of(p.workload().precision()) == path)
                .mapToDouble(p -> p.row().value() / p.predicted()).toArray();
        return new PathFit(ratios.length < minRows ? base : Math.min(1, Stats.median(ratios)), ratios.length);
    }
}
