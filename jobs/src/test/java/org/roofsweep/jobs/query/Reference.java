package org.roofsweep.jobs.query;

import java.util.Collection;
import org.roofsweep.core.Stats;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPoint;

/** Plain-Java answers to the example queries, computed from analysis-core's evaluations. */
final class Reference {
    private Reference() {
    }

    /** The inputs of a point with the given fields blanked: points that differ only there get equal keys. */
    static SweepPoint inputsExcept(SweepPoint p, boolean system, boolean batch, boolean prompt, boolean images) {
        return new SweepPoint(0, p.platform(), p.gpu(), p.cpu(), p.hostMemoryGib(), p.model(),
                system ? "" : p.system(), p.weightFormat(), p.weightBits(), p.kvBits(), p.activationBits(),
                batch ? 0 : p.batch(), prompt ? 0 : p.promptTokens(), p.generatedTokens(), p.sparsitySetting(),
                p.sparsity(), images ? 0 : p.images(), images ? 0 : p.imageWidth(), images ? 0 : p.imageHeight(),
                p.gpuLayersSetting(), p.moeCpuLayersSetting(), p.kvOffload(), p.imageSparsitySetting(),
                p.imageSparsity(), p.tokenCorrelation(), p.imageTokenKeep(), p.pruneAfterLayer());
    }

    /** Exact median with linear interpolation between the middle values (Spark's {@code median}). */
    static Double median(Collection<Double> values) {
        return values.isEmpty() ? null : Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Double min(Collection<Double> values) {
        return values.stream().min(Double::compare).orElse(null);
    }

    static Double max(Collection<Double> values) {
        return values.stream().max(Double::compare).orElse(null);
    }

    /** PowerInfer's e2e win at a point pair: it fits and the baseline does not or is slower. */
    static boolean wins(Evaluation powerinfer, Evaluation baseline) {
        return powerinfer.result().fits() && (!baseline.result().fits()
                || powerinfer.result().e2eTokensPerSecond() > baseline.result().e2eTokensPerSecond());
    }
}
