package org.roofsweep.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.Systems;
import org.roofsweep.core.request.Workload;

/**
 * Nanoseconds per (point, system) evaluation: one {@link InferenceSystem#evaluate} of a fixed workload, on one core.
 * Points (batch 1, 128 prompt tokens, 128 generated, FP16, the model's own sparsity):
 * <ul>
 * <li>{@code text}: ProSparse-LLaMA2-7B on PowerInfer's PC-High (RTX 4090): every system fits, so each runs its
 * whole path (PowerInfer searches its hot set in sparse and dense mode).
 * <li>{@code llava-1-image}: LLaVA-1.5-7B ProSparse with one 336x336 image on PC-High: the same plus the vision tower.
 * <li>{@code text-hybrid}: ProSparse-LLaMA2-13B (26 GB in FP16) on PC-Low (RTX 2080 Ti, 11 GB): dense-gpu and
 * sparse-gpu reject it early, layer-offload splits the layers, PowerInfer runs hybrid.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SystemBenchmark {
    @Param({"dense-gpu", "layer-offload", "powerinfer", "sparse-gpu"})
    public String system;

    @Param({"text", "llava-1-image", "text-hybrid"})
    public String point;

    private InferenceSystem evaluator;
    private Workload workload;
    private Calibration calibration;

    @Setup
    public void setUp() {
        Catalogs c = Configs.catalogs();
        evaluator = Systems.byName(system).orElseThrow(() -> new IllegalArgumentException("no system " + system));
        calibration = c.hardware().calibration();
        workload = switch (point) {
            case "text" -> Workload.text(model(c, "prosparse_llama2_7b"), platform(c, "pc_high"), 1, 128, 128);
            case "llava-1-image" -> Workload.text(model(c, "llava_1_5_7b_prosparse"), platform(c, "pc_high"), 1, 128,
                    128).withImages(1, 336, 336);
            case "text-hybrid" -> Workload.text(model(c, "prosparse_llama2_13b"), platform(c, "pc_low"), 1, 128, 128);
            default -> throw new IllegalArgumentException("no point " + point);
        };
    }

    private static ModelSpec model(Catalogs c, String key) {
        return c.models().model(key).orElseThrow(() -> new IllegalArgumentException("no model " + key));
    }

    private static Platform platform(Catalogs c, String key) {
        return c.hardware().platform(key, 0).orElseThrow(() -> new IllegalArgumentException("no platform " + key));
    }

    @Benchmark
    public Result evaluate() {
        return evaluator.evaluate(workload, calibration);
    }
}
