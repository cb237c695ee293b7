package org.roofsweep.bench.sweep;

import static org.roofsweep.bench.sweep.Series.max;
import static org.roofsweep.bench.sweep.Series.median;
import static org.roofsweep.bench.sweep.Series.min;
import static org.roofsweep.bench.sweep.SweepBenchmark.coreOnly;
import static org.roofsweep.bench.sweep.SweepBenchmark.load;
import static org.roofsweep.bench.sweep.SweepBenchmark.report;
import static org.roofsweep.bench.sweep.SweepBenchmark.seconds;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roofsweep.core.sweep.SweepPlan;

/**
 * {@code ceiling}: the cost of writing alone, one thread, no Spark (issue 20): (a) and (b) as {@link CompareMode}
 * measures them, then the same number of rows written from rows evaluated beforehand ({@link WriteCeiling}): (w)
 * through the job's writer, (p) through parquet-java's own column writers; thread CPU per row of each.
 */
final class CeilingMode {
    private CeilingMode() {
    }

    static void run(Options o) {
        Path sweep = o.sweeps().get(0);
        SweepPlan plan = load(sweep, o.configs());
        long n = plan.size();
        System.out.printf(Locale.ROOT, "ceiling %s: %,d points, %d run(s)%n", sweep, n, o.runs());
        WriteCeiling.Rows pre = WriteCeiling.Rows.of(plan);
        Map<String, Series> series = new LinkedHashMap<>();
        for (String k : List.of("a", "b", "w", "p")) {
            series.put(k, new Series());
        }
        long rows = 0;
        for (int run = 1; run <= o.runs(); run++) {
            long[] core = new long[1];
            phase(run, "a", "(a)  core only", series, n, null, () -> {
                core[0] = coreOnly(plan)[0];
                return new long[] {core[0], 0};
            });
            rows = core[0];
            Path dir = o.work().resolve("ceiling");
            Memory.deleteTree(dir);
            long files = phase(run, "b", "(b)  core + job's writer", series, n, dir.resolve("b"), () -> {
                DirectParquet.Outcome b = DirectParquet.write(plan, dir.resolve("b"));
                return new long[] {b.rows(), b.files()};
            });
            long total = rows;
            long perFile = (rows + files - 1) / files;
            phase(run, "w", "(w)  job's writer, precomputed", series, n, dir.resolve("w"), () -> {
                WriteCeiling.Outcome w = WriteCeiling.jobWriter(pre, total, perFile, dir.resolve("w"));
                return new long[] {w.rows(), w.files()};
            });
            phase(run, "p", "(p)  parquet-java column writers", series, n, dir.resolve("p"), () -> {
                WriteCeiling.Outcome p = WriteCeiling.columnWriters(pre, total, perFile, dir.resolve("p"));
                return new long[] {p.rows(), p.files()};
            });
            Memory.deleteTree(dir);
        }
        System.out.printf(Locale.ROOT, "%n| path | runs | seconds min / median / max | thread CPU us per row min / "
                + "median / max |%n| --- | --- | --- | --- |%n");
        Map<String, String> names = Map.of("a", "(a) cost core alone", "b", "(b) cost core + job's writer", "w",
                "(w) job's writer, precomputed rows", "p", "(p) parquet-java column writers, precomputed values");
        for (var e : series.entrySet()) {
            Series s = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f |%n",
                    names.get(e.getKey()), s.seconds.size(), min(s.seconds), median(s.seconds), max(s.seconds),
                    min(s.cpuSeconds) / rows * 1e6, median(s.cpuSeconds) / rows * 1e6,
                    max(s.cpuSeconds) / rows * 1e6);
        }
        double a = median(series.get("a").cpuSeconds);
        double b = median(series.get("b").cpuSeconds);
        double w = median(series.get("w").cpuSeconds);
        double p = median(series.get("p").cpuSeconds);
        System.out.printf(Locale.ROOT, "%nthread CPU per row (medians): writing in (b) = b - a = %.2f us; (w) %.2f us; "
                + "(p) %.2f us; (b - a) / w = %.2f, (b - a) / p = %.2f, b / (a + p) = %.2f%n", (b - a) / rows * 1e6,
                w / rows * 1e6, p / rows * 1e6, (b - a) / w, (b - a) / p, b / (a + p));
    }

    /**
     * One timed phase of the ceiling benchmark: {@code work} returns rows and files written (into {@code table}, if
     * not null). The series gets the phase's seconds and this thread's CPU seconds (the JVM's, JIT and GC included,
     * are in the report line); returns the files.
     */
    private static long phase(int run, String key, String label, Map<String, Series> series, long n, Path table,
            java.util.function.Supplier<long[]> work) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double jvm0 = Memory.ownCpuSeconds();
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long[] written = work.get();
        double seconds = seconds(t0);
        double threadCpu = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
        double jvmCpu = Memory.ownCpuSeconds() - jvm0;
        series.get(key).add(seconds, threadCpu, 0);
        String detail = table == null ? String.format(Locale.ROOT, "%,d rows", written[0])
                : String.format(Locale.ROOT, "%,d rows in %d files, %.2f B/row", written[0], written[1],
                        (double) Memory.parquetBytes(table) / written[0]);
        report(run, label, n, seconds, threadCpu, 0, String.format(Locale.ROOT, "JVM CPU %.1f us/point; %s",
                jvmCpu / n * 1e6, detail));
        return written[1];
    }
}
