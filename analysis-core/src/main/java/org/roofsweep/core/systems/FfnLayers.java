package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;

/**
 * The sparse FFN of every layer: one {@link SparseFfn}, or two where visual-token pruning splits the layers
 * ({@link RequestShape#prunedLayers}), the first K running the whole prompt's tokens and the rest the text and the
 * kept image tokens. A decode step is the same in both groups (its tokens are the batch's, whatever the prompt was);
 * the prefill of a layer is the mean over the groups, each layer waiting for its own slower half, so that the layer
 * count times it is the sum over the layers.
 */
final class FfnLayers {
    private final SparseFfn full;
    /** Null without pruning. */
    private final SparseFfn pruned;
    /** Share of the layers that run every token. */
    private final double fullShare;

    FfnLayers(Workload w, Calibration c, RequestShape r, SparseFootprint f, ExecutionUnit gpu, ExecutionUnit cpu,
            SparseKernels kernels) {
        this.full = new SparseFfn(w, c, r.promptMix(false), f, gpu, cpu, kernels);
        this.pruned = r.prunedLayers() > 0 ? new SparseFfn(w, c, r.promptMix(true), f, gpu, cpu, kernels) : null;
        this.fullShare = r.fullLayerShare();
    }

    /** The FFN with a hot fraction of {@code h}: its decode step, and its prefill per layer over the groups. */
    SparseFfn.HotSet hotSet(double h) {
        SparseFfn.HotSet a = full.hotSet(h);
        if (pruned == null) {
            return a;
        }
        SparseFfn.HotSet b = pruned.hotSet(h);
        return new SparseFfn.HotSet(h, a.stepGpuSeconds(), a.stepCpuSeconds(),
                mean(a.prefillGpuSeconds(), b.prefillGpuSeconds()), mean(a.prefillCpuSeconds(), b.prefillCpuSeconds()),
                mean(a.prefillSeconds(), b.prefillSeconds()), a.hotMass(), a.coldMass(), a.stepGpuFlops(),
                a.stepGpuBytes());
    }

    /** {@link SparseFfn#halves} over the groups: the decode step's halves, and the prefill's per layer as the mean. */
    FfnHalves halves(double h) {
        FfnHalves a = full.halves(h);
        if (pruned == null) {
            return a;
        }
        FfnHalves b = pruned.halves(h);
        return new FfnHalves(h, a.stepGpu(), a.stepCpu(), mean(a.prefillGpu(), b.prefillGpu()),
                mean(a.prefillCpu(), b.prefillCpu()));
    }

    /** {@link SparseFfn#fastestUpTo} over the groups: the mean of lower bounds bounds the mean. */
    SparseFfn.Bound fastestUpTo(double hi) {
        SparseFfn.Bound a = full.fastestUpTo(hi);
        if (pruned == null) {
            return a;
        }
        return new SparseFfn.Bound(a.stepSeconds(), mean(a.prefillSeconds(), pruned.fastestUpTo(hi).prefillSeconds()));
    }

    double stepSkippedFraction() {
        return full.stepSkippedFraction();
    }

    /** The prefill's skipped FFN weights, the mean over the layers. */
    double prefillSkippedFraction() {
        double a = full.prefillSkippedFraction();
        return pruned == null ? a : mean(a, pruned.prefillSkippedFraction());
    }

    private FfnHalves.Half mean(FfnHalves.Half fullLayers, FfnHalves.Half prunedLayers) {
        return new FfnHalves.Half(mean(fullLayers.flops(), prunedLayers.flops()),
                mean(fullLayers.bytes(), prunedLayers.bytes()), mean(fullLayers.seconds(), prunedLayers.seconds()));
    }

    private double mean(double fullLayers, double prunedLayers) {
        return fullShare * fullLayers + (1 - fullShare) * prunedLayers;
    }
}
