package org.roofsweep.jobs.sweep;

import java.util.Arrays;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;

/**
 * A sample of the whole grid, evaluated and thrown away before a task's own points, so that the JIT's profile of the
 * cost core has seen every platform, model, system and format before C2 compiles it; and a sample of the task's own
 * ids, written to files deleted after ({@code TaskRows#warmup}), so that the writer's profile has seen pages of few
 * and of many runs, nulls in every column and its rows' end.
 *
 * <p>Why: a task's points are a contiguous slice of the grid's radix order, so the first tasks of a JVM see one
 * platform and a few models. C2 compiles the core's methods on that profile, leaving out the branches it never saw
 * ({@code unstable_if}) and guessing the receivers of its calls ({@code class_check}); when later tasks reach another
 * platform or model, the compiled code traps, falls back to the interpreter and is compiled again. A 5 M-point run
 * recorded 35 such traps in methods compiled from the core, and C2 compiled {@code PowerInfer.solve} four times and
 * the other systems' {@code evaluate} twice, about a second of compile time each (BENCHMARKS.md, issue 20, seventh
 * session). The sample
 * is a fixed pseudo-random one (SplitMix64 of its index), so that it reaches every value of every axis, outer ones too
 * (a stride or golden-ratio order can alias with an axis's radix and never reach some of its values); its
 * evaluations are pure and no row of either sample reaches a table.
 */
final class GridSample {
    /** Points of the whole grid sampled per warmed task: a few milliseconds of evaluation. */
    static final int POINTS = 4096;
    /**
     * Rows of a warmed task's own slice written: four times the run starts the writer records per page (2,500 of its
     * 20,000 rows), so that the pages of the two or three partitions a slice of 100,000 ids spans each pass them.
     */
    static final int SLICE_ROWS = 10_000;
    /** SplitMix64's increment, 2^64 / the golden ratio (Steele, Lea and Flood, OOPSLA 2014). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private GridSample() {
    }

    /**
     * Evaluates the first {@code points} ids of the sample of {@code plan}'s grid ({@link #id}); returns how many of
     * them fit, so that the evaluations have a use.
     */
    static long evaluate(SweepPlan plan, int points) {
        long fits = 0;
        for (int k = 1; k <= points; k++) {
            Evaluation e = plan.evaluate(id(plan.size(), k));
            if (e != null && e.result().fits()) {
                fits++;
            }
        }
        return fits;
    }

    /**
     * The first {@code points} ids of the sample of the ids {@code [from, to)} ({@link #id} of its size, offset by
     * {@code from}), in the grid's order: a task's warm-up rows, in its own partitions, its outer axes' columns in runs
     * and its inner ones' changing from row to row, so that they take both of the writer's paths in pages of some
     * thousand rows (the whole grid's sample, spread over every partition, would make pages of a few dozen).
     */
    static long[] ids(long from, long to, int points) {
        long[] ids = new long[points];
        for (int k = 1; k <= points; k++) {
            ids[k - 1] = from + id(to - from, k);
        }
        Arrays.sort(ids);
        return ids;
    }

    /** The sample's {@code k}-th id of a grid of {@code size} points: SplitMix64's k-th output mod size. */
    static long id(long size, int k) {
        long z = k * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return Math.floorMod(z ^ (z >>> 31), size);
    }
}
