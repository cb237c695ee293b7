package org.roofsweep.bench.sweep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;

/**
 * The sweep benchmark (issue 7). Run from the repository root, through bench/run.sh.
 *
 * <pre>
 * compare SWEEP [--runs N] [--rows] [--master local[2]] [--driver-memory 1g] [--work DIR]
 *     on one grid, each run measures in turn
 *     (a)  the cost core alone: SweepPlan.evaluate over every point id, one thread;
 *     (a') with --rows: the same plus the job's own per-row work before encoding (each row's columns read into a
 *          ColumnBatch, its RowChecksum taken in that pass);
 *     (b)  one thread writing the same rows straight to Parquet with the job's parquet-hadoop writer, no Spark;
 *     (c)  the Spark job: ./submit.sh run SWEEP --master local[2], in a child JVM;
 *     and prints points/s (min/median/max over the runs), c/b and c/a, and peak RSS of each; for (c) also the CPU of
 *     its threads by kind (Spark tasks, C2 and C1 compilers, GC and VM thread, the rest: ThreadCpu).
 * ceiling SWEEP [--runs N] [--work DIR]
 *     the cost of writing alone, one thread, no Spark (issue 20): each run measures (a) and (b) as compare does, then
 *     the same number of rows written from rows evaluated beforehand (WriteCeiling): (w) through the job's writer,
 *     (p) through parquet-java's own column writers; prints CPU us per row of each and the writing part of (b).
 * rowread SWEEP [--runs N] [--points N]
 *     what handing a row to the writer costs (issue 20): the core alone, then with each row added to a ColumnBatch
 *     through the points table's row reader, then through its columns' accesses (RowReadMode), this thread's CPU.
 * scale SWEEP... [--runs N] [--limit SECONDS] [--master local[2]] [--driver-memory 1g] [--work DIR]
 *     the Spark job on each grid: wall and job time, points/s, bytes per row on disk, driver peak RSS, thread CPU by
 *     kind; a run still going after --limit seconds is stopped and reported as partial (points done and rate from
 *     its progress).
 * </pre>
 */
public final class SweepBenchmark {
    private SweepBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SweepBenchmark compare|ceiling|rowread SWEEP [options] | scale SWEEP... "
                    + "[options]");
            System.exit(2);
        }
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "compare" -> CompareMode.run(o);
            case "scale" -> scale(o);
            case "ceiling" -> CeilingMode.run(o);
            case "rowread" -> RowReadMode.run(o);
            default -> {
                System.err.println("unknown mode " + args[0] + " (compare, ceiling, rowread or scale)");
                System.exit(2);
            }
        }
    }


    private static void scale(Options o) {
        System.out.printf(Locale.ROOT, "scale: Spark %s, driver -Xmx%s, %d run(s) per grid%n", o.master(),
                o.driverMemory(), o.runs());
        System.out.printf(Locale.ROOT, "%n| grid | points | run | JVM wall s | job s | points/s (job) | JVM CPU s "
                + "| bytes/row | driver peak RSS MiB | load after | thread CPU |%n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |%n");
        for (Path sweep : o.sweeps()) {
            long n = load(sweep, o.configs()).size();
            String name = sweep.getFileName().toString().replace(".json", "");
            for (int run = 1; run <= o.runs(); run++) {
                Path out = o.work().resolve("scale-" + name);
                Memory.deleteTree(out);
                SparkRun.Outcome c = SparkRun.run(sweep, out, o.master(), o.driverMemory(),
                        o.work().resolve("logs/scale-" + name + "-run" + run + ".log"), o.limitSeconds());
                String bytes = c.complete() ? String.format(Locale.ROOT, "%.2f", (double) c.parquetBytes() / c.rows())
                        : String.format(Locale.ROOT, "partial: stopped at %.0f s with %,d points (%.1f%%) done", o
                                .limitSeconds(), c.rows(), 100.0 * c.rows() / n);
                System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %s | %.0f | %s | %.0f | %s | %s |%n",
                        name, n, run, c.wallSeconds(), c.jobSeconds(), rate(c.complete() ? n : c.rows(), c.jobSeconds()),
                        c.cpuSeconds(), bytes, c.peakRssBytes() / 1048576.0, loadAverage(), c.threads());
                System.out.flush();
                Memory.deleteTree(out);
            }
        }
    }


    static SweepPlan load(Path sweep, Path configs) {
        return SweepConfigFile.load(sweep, Catalogs.load(configs), SweepConfigFile.DEFAULT_MAX_POINTS);
    }


    /** (a): rows, rows that fit, and a digest of every e2e time (so the JIT cannot drop the work). */
    static long[] coreOnly(SweepPlan plan) {
        long rows = 0;
        long fit = 0;
        long digest = 0;
        for (long id = 0; id < plan.size(); id++) {
            Evaluation e = plan.evaluate(id);
            if (e == null) {
                continue;
            }
            rows++;
            if (e.result().fits()) {
                fit++;
            }
            digest = digest * 31 + Double.doubleToRawLongBits(e.result().e2eSeconds());
        }
        return new long[] {rows, fit, digest};
    }


    static void report(int run, String path, long n, double seconds, double cpuSeconds, long peakRss,
            String detail) {
        System.out.printf(Locale.ROOT, "run %d %-32s %8.2f s %14s points/s  CPU %6.1f us/point  peak RSS %5.0f MiB"
                + "  load %s  %s%n", run, path, seconds, rate(n, seconds), cpuSeconds / n * 1e6, peakRss / 1048576.0,
                loadAverage(), detail);
        System.out.flush();
    }


    /** The 1-minute load average after a phase: how busy the machine was (other work shares its cores). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String rate(long n, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", n / seconds);
    }
}
