package org.roofsweep.jobs.sweep;

import java.util.Arrays;

/**
 * A sample of the whole grid, evaluated and written to files that are then deleted before a task's own points
 * ({@code TaskRows#warmup}), so that the JIT's profile of the cost core and of the writer has seen every platform,
 * model, system and format, and the writer's pages of few and of many runs, before C2 compiles them.
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
 * evaluations are pure and their rows reach no table.
 */
final class GridSample {
    /** Points sampled per warmed task: a few milliseconds of evaluation. */
    static final int POINTS = 4096;
    /** SplitMix64's increment, 2^64 / the golden ratio (Steele, Lea and Flood, OOPSLA 2014). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private GridSample() {
    }

    /**
     * The first {@code points} ids of the sample of a grid of {@code size} points ({@link #id}), in the grid's order:
     * the columns of the outer axes then come in runs, as in a task's slice, and those of the inner ones change from
     * row to row, so that a warm-up written from them takes both of the writer's paths.
     */
    static long[] ids(long size, int points) {
        long[] ids = new long[points];
        for (int k = 1; k <= points; k++) {
            ids[k - 1] = id(size, k);
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
