package org.roofsweep.bench;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;

/**
 * Nanoseconds per {@link SweepPlan#evaluate(long)} over a realistic grid ({@code configs/sweeps/default.json}: 7
 * platforms x 14 models x 4 systems x ...): index decoding, the workload, the system and the input record, averaged
 * over {@value #SAMPLES} point ids spread evenly over the grid (one pseudo-random id in each of as many equal
 * slices), so every system, model and request shape takes its share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlanBenchmark {
    static final int SAMPLES = 4096;

    @Param({"sweeps/default.json"})
    public String sweep;

    private SweepPlan plan;
    private long[] ids;
    private int next;

    @Setup
    public void setUp() {
        Path configs = Configs.dir();
        plan = SweepConfigFile.load(configs.resolve(sweep), Configs.catalogs(), SweepConfigFile.DEFAULT_MAX_POINTS);
        ids = new long[SAMPLES];
        long slice = Math.max(1, plan.size() / SAMPLES);
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k < SAMPLES; k++) {
            ids[k] = Math.min(plan.size() - 1, k * slice + random.nextLong(slice));
        }
    }

    @Benchmark
    public Evaluation evaluate() {
        long id = ids[next];
        next = (next + 1) & (SAMPLES - 1);
        return plan.evaluate(id);
    }
}
