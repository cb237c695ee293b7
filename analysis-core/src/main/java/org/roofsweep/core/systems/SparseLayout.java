package org.roofsweep.core.systems;

/**
 * The times of one placement of the dense blocks ({@code gpuDenseLayers} layers on the GPU), the head and the KV
 * cache, as a function of the hot set. Per layer the GPU's and the CPU's FFN halves run concurrently, so a pass takes
 * its FFN's slower half plus everything else, and everything else depends on the hot fraction only through its
 * {@link FfnSplit} (link synchronisations, kernel launches): it is summed here once for each split, so that a search
 * pricing many hot sets adds only the FFN.
 */
final class SparseLayout {
    /** The bounds' margin: far above the rounding of either sum, far below any time difference that matters. */
    private static final double BOUND_MARGIN = 1e-9;

    private final SparseExecution e;
    private final PassTimes p;
    private final int layers;
    private final int steps;
    private final int gpuDenseLayers;
    private final int cpuDenseLayers;
    private final boolean headOnGpu;
    private final boolean kvOnGpu;
    private final double stepHeadSeconds;
    private final double prefillHeadSeconds;
    /** Decode attention of all steps of the layers whose dense block is on the GPU, and of the others. */
    private final double decodeAttnGpuLayersSeconds;
    private final double decodeAttnCpuLayersSeconds;
    /** One layer's prefill without its FFN: dense block, predictor and attention, with the block on the GPU or not. */
    private final double prefillGpuLayerSeconds;
    private final double prefillCpuLayerSeconds;
    /**
     * What the predictors of the layers whose attention is on the GPU and whose predictor is not add to the GPU's
     * pass (negative: those predictors are in the GPU layers' dense time) and to the CPU's; zero when every GPU layer
     * holds its predictor.
     */
    private final double stepPredictorGpuSeconds;
    private final double stepPredictorCpuSeconds;
    private final double prefillPredictorGpuSeconds;
    private final double prefillPredictorCpuSeconds;
    /** A decode step, and the prefill, without the FFN: by {@link FfnSplit#ordinal}. */
    private final double[] stepRestSeconds = new double[FfnSplit.values().length];
    private final double[] prefillRestSeconds = new double[FfnSplit.values().length];

    /** The times of a request's passes, before they become a {@link org.roofsweep.core.systems.Result}. */
    record Timing(double prefillSeconds, double decodeSeconds, double firstStepSeconds, double gpuBusySeconds,
            double cpuBusySeconds, double linkSeconds, double gpuShare, double flops, double bytes) {
    }

    SparseLayout(SparseExecution e, int gpuDenseLayers, int gpuPredictorLayers, boolean headOnGpu, boolean kvOnGpu) {
        this.e = e;
        this.p = e.passes;
        this.layers = e.layers;
        this.steps = e.steps;
        this.gpuDenseLayers = gpuDenseLayers;
        this.cpuDenseLayers = layers - gpuDenseLayers;
        this.headOnGpu = headOnGpu;
        this.kvOnGpu = kvOnGpu;
        this.stepHeadSeconds = headOnGpu ? p.stepHeadGpuSeconds() : p.stepHeadCpuSeconds();
        this.prefillHeadSeconds = headOnGpu ? p.prefillHeadGpuSeconds() : p.prefillHeadCpuSeconds();
        this.decodeAttnGpuLayersSeconds = gpuDenseLayers
                * (kvOnGpu ? p.decodeAttnGpuSeconds() : p.decodeAttnCpuSeconds());
        this.decodeAttnCpuLayersSeconds = cpuDenseLayers * p.decodeAttnCpuSeconds();
        this.prefillGpuLayerSeconds = e.prefillDenseGpuSeconds
                + (kvOnGpu ? p.prefillAttnGpuSeconds() : p.prefillAttnCpuSeconds());
        this.prefillCpuLayerSeconds = e.prefillDenseCpuSeconds + p.prefillAttnCpuSeconds();
        // the layers whose attention is on the GPU and whose predictor is not run that predictor on the CPU
        int hostPredictors = gpuDenseLayers - gpuPredictorLayers;
        this.stepPredictorGpuSeconds = -hostPredictors * e.stepPredictorGpuSeconds;
        this.stepPredictorCpuSeconds = hostPredictors * e.stepPredictorCpuSeconds;
        this.prefillPredictorGpuSeconds = -hostPredictors * e.prefillPredictorGpuSeconds;
        this.prefillPredictorCpuSeconds = hostPredictors * e.prefillPredictorCpuSeconds;
        for (FfnSplit split : FfnSplit.values()) {
            stepRestSeconds[split.ordinal()] = gpuDenseLayers * e.stepDenseGpuSeconds
                    + cpuDenseLayers * e.stepDenseCpuSeconds + stepSyncSeconds(split) + stepHeadSeconds
                    + overheadSeconds(split) + stepPredictorGpuSeconds + stepPredictorCpuSeconds;
            prefillRestSeconds[split.ordinal()] = gpuDenseLayers * prefillGpuLayerSeconds
                    + cpuDenseLayers * prefillCpuLayerSeconds + prefillSyncSeconds(split) + prefillHeadSeconds
                    + overheadSeconds(split) + prefillPredictorGpuSeconds + prefillPredictorCpuSeconds;
        }
    }

    /** Link time of one decode step's layers. */
    private double stepSyncSeconds(FfnSplit split) {
        return gpuDenseLayers * e.stepSyncs.seconds(split, true, kvOnGpu)
                + cpuDenseLayers * e.stepSyncs.seconds(split, false, false);
    }

    private double prefillSyncSeconds(FfnSplit split) {
        return gpuDenseLayers * e.prefillSyncs.seconds(split, true, kvOnGpu)
                + cpuDenseLayers * e.prefillSyncs.seconds(split, false, false);
    }

    /** Layers whose attention or hot neurons run on the GPU: they launch kernels. */
    private double gpuLayers(FfnSplit split) {
        return split == FfnSplit.CPU_ONLY ? gpuDenseLayers : layers;
    }

    /** Kernel launches of one pass. */
    private double overheadSeconds(FfnSplit split) {
        double gpuLayers = gpuLayers(split);
        return e.gpu.overhead(gpuLayers, 1) + e.cpu.overhead(layers - gpuLayers, 1);
    }

    /** Request time with the hot set {@code s}: {@link #timing}'s prefill and decode, and nothing else. */
    double e2eSeconds(SparseFfn.HotSet s) {
        FfnSplit split = FfnSplit.of(s.h());
        return p.visionSeconds() + prefillSeconds(split, s.prefillSeconds())
                + decodeSeconds(stepSeconds(split, s.stepSeconds()));
    }

    /** All times with the hot set {@code s}. */
    Timing timing(SparseFfn.HotSet s) {
        FfnSplit split = FfnSplit.of(s.h());
        double gpuFfn = s.stepGpuSeconds();
        double cpuFfn = s.stepCpuSeconds();
        double preGpuFfn = s.prefillGpuSeconds();
        double preCpuFfn = s.prefillCpuSeconds();

        double step = stepSeconds(split, Math.max(gpuFfn, cpuFfn));
        double decode = decodeSeconds(step);
        double firstStep = step + gpuDenseLayers * (kvOnGpu ? p.firstStepAttnGpuSeconds()
                : p.firstStepAttnCpuSeconds()) + cpuDenseLayers * p.firstStepAttnCpuSeconds();
        double gpuDecodeBusy = steps * (gpuDenseLayers * e.stepDenseGpuSeconds + stepPredictorGpuSeconds
                + layers * gpuFfn + (headOnGpu ? stepHeadSeconds : 0) + e.gpu.overhead(gpuLayers(split), 1))
                + (kvOnGpu ? decodeAttnGpuLayersSeconds : 0);
        double cpuDecodeBusy = steps * (cpuDenseLayers * e.stepDenseCpuSeconds + stepPredictorCpuSeconds
                + layers * cpuFfn + (headOnGpu ? 0 : stepHeadSeconds)) + decodeAttnCpuLayersSeconds
                + (kvOnGpu ? 0 : decodeAttnGpuLayersSeconds);
        double prefill = prefillSeconds(split, s.prefillSeconds());
        double gpuBusy = p.visionSeconds() + gpuDenseLayers * prefillGpuLayerSeconds + prefillPredictorGpuSeconds
                + layers * preGpuFfn + (headOnGpu ? prefillHeadSeconds : 0) + gpuDecodeBusy;
        double cpuBusy = cpuDenseLayers * prefillCpuLayerSeconds + prefillPredictorCpuSeconds + layers * preCpuFfn
                + (headOnGpu ? 0 : prefillHeadSeconds) + cpuDecodeBusy;
        double link = prefillSyncSeconds(split) + steps * stepSyncSeconds(split);
        double hotMass = s.hotMass();
        double coldMass = s.coldMass();
        return new Timing(prefill, decode, firstStep, gpuBusy, cpuBusy, link,
                hotMass + coldMass > 0 ? hotMass / (hotMass + coldMass) : 0,
                gpuDenseLayers * p.stepDenseFlops() + layers * s.stepGpuFlops(),
                gpuDenseLayers * p.stepDenseBytes() + layers * s.stepGpuBytes());
    }

    /**
     * A lower bound of the request time over every hot fraction in [0, {@code hi}]: the least of everything but the
     * FFN over the splits those take, plus a bound of the FFN's slower half in the prefill and in every decode step
     * ({@link SparseFfn#fastestUpTo}), less a margin far above the rounding of either sum.
     */
    double fastestPossibleSeconds(double hi) {
        return lowerBound(hi, FfnSplit.CPU_ONLY, FfnSplit.of(hi));
    }

    /**
     * The same over the hot fractions above 0 and at most {@code top} (below 1): all of them split the FFN, and pay
     * the hybrid layer's synchronisations.
     */
    double fastestInnerSeconds(double top) {
        return lowerBound(top, FfnSplit.HYBRID, FfnSplit.HYBRID);
    }

    private double lowerBound(double hi, FfnSplit first, FfnSplit last) {
        SparseFfn.Bound ffn = e.ffn.fastestUpTo(hi);
        double rest = Double.POSITIVE_INFINITY;
        for (int split = first.ordinal(); split <= last.ordinal(); split++) {
            rest = Math.min(rest, prefillRestSeconds[split] + steps * stepRestSeconds[split]);
        }
        double bound = p.visionSeconds() + rest + layers * ffn.prefillSeconds() + steps * (layers * ffn.stepSeconds())
                + decodeAttnGpuLayersSeconds + decodeAttnCpuLayersSeconds;
        return bound * (1 - BOUND_MARGIN);
    }

    /** One decode step (at the first step's context, attention aside) whose FFN takes {@code ffn} per layer. */
    private double stepSeconds(FfnSplit split, double ffn) {
        return stepRestSeconds[split.ordinal()] + layers * ffn;
    }

    /** All decode steps: each step's fixed part, and attention over the growing context. */
    private double decodeSeconds(double step) {
        return steps * step + decodeAttnGpuLayersSeconds + decodeAttnCpuLayersSeconds;
    }

    private double prefillSeconds(FfnSplit split, double ffn) {
        return prefillRestSeconds[split.ordinal()] + layers * ffn;
    }
}
