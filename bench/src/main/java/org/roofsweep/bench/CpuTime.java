package org.roofsweep.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.roofsweep.core.systems.Systems;

/**
 * The JMH benchmarks' operations timed by this thread's CPU time instead of wall time: on a machine whose cores other
 * work shares, wall time counts the time the thread waits for a core, CPU time does not (caches and the JIT's own
 * threads still interfere). Per benchmark: {@value #WARMUP_SECONDS} s of warm-up, then {@value #ROUNDS} rounds of
 * about {@value #ROUND_SECONDS} CPU-second each; prints min / median / max ns of CPU per operation.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.roofsweep.bench.CpuTime [FILTER]</pre>
 */
public final class CpuTime {
    private static final double WARMUP_SECONDS = 3;
    private static final int ROUNDS = 5;
    private static final double ROUND_SECONDS = 1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        System.out.printf(Locale.ROOT, "| benchmark | CPU ns/op min / median / max (%d rounds) |%n| --- | --- |%n",
                ROUNDS);
        for (String point : List.of("text", "llava-1-image", "text-hybrid")) {
            for (String system : Systems.names()) {
                String name = "SystemBenchmark " + point + " " + system;
                if (name.contains(filter)) {
                    SystemBenchmark b = new SystemBenchmark();
                    b.point = point;
                    b.system = system;
                    b.setUp();
                    report(name, b::evaluate);
                }
            }
        }
        String name = "PlanBenchmark sweeps/default.json";
        if (name.contains(filter)) {
            PlanBenchmark b = new PlanBenchmark();
            b.sweep = "sweeps/default.json";
            b.setUp();
            report(name, b::evaluate);
        }
    }

    private static void report(String name, Supplier<?> op) {
        run(op, WARMUP_SECONDS);
        double[] ns = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ns[r] = run(op, ROUND_SECONDS);
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "| %s | %.0f / %.0f / %.0f |%n", name, ns[0], ns[ROUNDS / 2], ns[ROUNDS - 1]);
        System.out.flush();
    }

    /** Runs {@code op} for about {@code cpuSeconds} of this thread's CPU; returns CPU ns per call. */
    private static double run(Supplier<?> op, double cpuSeconds) {
        List<Object> sink = new ArrayList<>(1);
        long start = THREADS.getCurrentThreadCpuTime();
        long end = start + (long) (cpuSeconds * 1e9);
        long calls = 0;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                sink.add(op.get());
                sink.clear();
            }
            calls += 256;
            now = THREADS.getCurrentThreadCpuTime();
        } while (now < end);
        return (double) (now - start) / calls;
    }
}
