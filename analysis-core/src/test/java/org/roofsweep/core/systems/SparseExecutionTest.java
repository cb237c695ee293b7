package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.ContextSize;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.TokenAssumptions;
import org.roofsweep.core.request.Workload;

/** What PowerInfer's search relies on: the price of a hot set is the result's time, and the bound is a bound. */
class SparseExecutionTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    /** A workload's executions and placements: both modes, PowerInfer's fill with and without the KV cache. */
    private record Case(String name, SparseExecution exec, RequestShape shape, NeuronPlacement placement) {
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String model : List.of("prosparse_llama2_7b", "relu_falcon_40b", "turbosparse_mixtral_47b",
                "llava_1_5_7b_prosparse", "opt_30b")) {
            for (String platform : List.of("pc_high", "pc_low", "rtx3060_12gb+i7_12700k")) {
                for (int batch : new int[] {1, 8}) {
                    for (int prompt : new int[] {16, 512}) {
                        ModelSpec m = TestCatalogs.model(model);
                        Workload w = new Workload(m, TestCatalogs.platform(platform, 256), batch, prompt, 64,
                                m.vision() == null ? 0 : 1, 336, 336, Double.NaN, new Precision(4.5, 16, 16), -1,
                                true, null, -1, false, ContextSize.REQUEST, null, null);
                        // and under the image-token axes: denser image tokens, correlated, three quarters pruned
                        Workload tokens = w.toBuilder().tokens(new TokenAssumptions(0.5, 0.9, 0.25, 2)).build();
                        for (Workload run : List.of(w, w.withSparsity(0), tokens)) {
                            RequestShape shape = RequestShape.of(run, CAL);
                            SparseFootprint f = SparseFootprint.of(m, run.precision(), CAL,
                                    run.effectiveSparsity() > 0);
                            for (SparseKernels k : SparseKernels.values()) {
                            SparseExecution exec = new SparseExecution(run, CAL, shape, f, k);
                            double budget = run.platform().gpu().memoryBytes() - CAL.runtime().gpuReservedBytes()
                                    - shape.visionWeightBytes() - shape.activationBytes(CAL);
                            double kv = m.numLayers() * shape.kvBytesPerLayer();
                            for (double kvBytes : new double[] {kv, Double.POSITIVE_INFINITY}) {
                                out.add(new Case(model + " on " + platform + " b" + batch + " p" + prompt + " s"
                                        + run.effectiveSparsity() + " kv " + kvBytes + " " + k, exec, shape,
                                        NeuronPlacer.place(f, m.numLayers(), budget, kvBytes)));
                            }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theSearchPricesAHotSetAtItsResultTime() {
        for (Case c : cases()) {
            SparseLayout layout = c.exec().layout(c.placement());
            for (int i = 0; i <= 20; i++) {
                double h = c.placement().hotFraction() * i / 20;
                NeuronPlacement pl = new NeuronPlacement(c.placement().denseLayersOnGpu(),
                        c.placement().predictorLayersOnGpu(), c.placement().headOnGpu(), c.placement().kvOnGpu(), h, 0, 0);
                Result r = c.exec().run(pl, new Result.Builder("test", ExecutionMode.SPARSE, c.shape()));
                assertEquals(r.e2eSeconds(), layout.e2eSeconds(c.exec().hotSet(h)), 0, c.name() + " h=" + h);
            }
        }
    }

    /**
     * A layer whose attention is on the GPU and whose predictor is not (the fork's order on a budget that stops inside
     * the predictor level) runs its predictor on the CPU: moving the predictors of all d GPU layers to the host adds
     * d x (CPU - GPU predictor time) to the prefill and to each of the request's decode steps, and nothing else.
     */
    @Test
    void aPredictorLeftOnTheHostRunsOnTheCpu() {
        for (Case c : cases()) {
            NeuronPlacement pl = c.placement();
            int d = pl.denseLayersOnGpu();
            SparseExecution e = c.exec();
            double withPredictors = e.layout(new NeuronPlacement(d, d, pl.headOnGpu(), pl.kvOnGpu(), 0, 0, 0))
                    .e2eSeconds(e.hotSet(0));
            double without = e.layout(new NeuronPlacement(d, 0, pl.headOnGpu(), pl.kvOnGpu(), 0, 0, 0))
                    .e2eSeconds(e.hotSet(0));
            double moved = d * (e.prefillPredictorCpuSeconds - e.prefillPredictorGpuSeconds)
                    + e.steps * d * (e.stepPredictorCpuSeconds - e.stepPredictorGpuSeconds);
            assertEquals(moved, without - withPredictors, 1e-9 * without, c.name());
        }
    }

    @Test
    void noHotSetIsFasterThanTheBounds() {
        for (Case c : cases()) {
            SparseLayout layout = c.exec().layout(c.placement());
            double hi = c.placement().hotFraction();
            double bound = layout.fastestPossibleSeconds(hi);
            double top = 0.998 * hi;
            double inner = layout.fastestInnerSeconds(top);
            for (int i = 0; i <= 2000; i++) {
                double h = hi * i / 2000;
                double t = layout.e2eSeconds(c.exec().hotSet(h));
                assertTrue(bound <= t, c.name() + " h=" + h + ": " + t + " s below the bound " + bound);
                if (h > 0 && h <= top) {
                    assertTrue(inner <= t, c.name() + " h=" + h + ": " + t + " s below the inner bound " + inner);
                }
            }
        }
    }
}
