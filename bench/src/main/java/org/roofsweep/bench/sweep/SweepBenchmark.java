package org.roofsweep.bench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roofsweep.core.Stats;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.write.ColumnBatch;
import org.roofsweep.jobs.write.RowLayout;

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
            System.err.println("usage: SweepBenchmark compare SWEEP [options] | scale SWEEP... [options]");
            System.exit(2);
        }
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "compare" -> compare(o);
            case "scale" -> scale(o);
            case "ceiling" -> ceiling(o);
            default -> {
                System.err.println("unknown mode " + args[0] + " (compare or scale)");
                System.exit(2);
            }
        }
    }

    record Options(List<Path> sweeps, int runs, boolean rows, double limitSeconds, String master, String driverMemory,
            Path work, Path configs) {
        static Options parse(String[] args) {
            List<Path> sweeps = new ArrayList<>();
            int runs = 3;
            boolean rows = false;
            double limit = 0;
            String master = "local[2]";
            String driverMemory = "1g";
            Path work = Path.of("bench/target/sweep-bench");
            Path configs = Path.of("configs");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--rows" -> rows = true;
                    case "--limit" -> limit = Double.parseDouble(args[++i]);
                    case "--master" -> master = args[++i];
                    case "--driver-memory" -> driverMemory = args[++i];
                    case "--work" -> work = Path.of(args[++i]);
                    case "--configs" -> configs = Path.of(args[++i]);
                    default -> sweeps.add(Path.of(args[i]));
                }
            }
            if (sweeps.isEmpty() || runs < 1) {
                throw new IllegalArgumentException("need at least one sweep file and --runs >= 1");
            }
            return new Options(sweeps, runs, rows, limit, master, driverMemory, work, configs);
        }
    }

    /** Seconds, CPU seconds and peak RSS of each run of one path. */
    static final class Series {
        final List<Double> seconds = new ArrayList<>();
        final List<Double> cpuSeconds = new ArrayList<>();
        final List<Long> peakRss = new ArrayList<>();

        void add(double s, double cpu, long rss) {
            seconds.add(s);
            cpuSeconds.add(cpu);
            peakRss.add(rss);
        }

        double medianSeconds() {
            return median(seconds);
        }
    }

    private static void compare(Options o) {
        Path sweep = o.sweeps().get(0);
        SweepPlan plan = load(sweep, o.configs());
        long n = plan.size();
        System.out.printf(Locale.ROOT, "compare %s: %,d points, %d run(s); Spark: %s, driver -Xmx%s%n", sweep, n,
                o.runs(), o.master(), o.driverMemory());
        boolean ownPeakPerPhase = Memory.resetOwnPeak();
        Map<String, Series> series = new LinkedHashMap<>();
        for (String k : o.rows() ? List.of("a", "a'", "b", "c") : List.of("a", "b", "c")) {
            series.put(k, new Series());
        }
        long rows = -1;
        for (int run = 1; run <= o.runs(); run++) {
            Memory.resetOwnPeak();
            double cpu0 = Memory.ownCpuSeconds();
            long t0 = System.nanoTime();
            long[] core = coreOnly(plan);
            double a = seconds(t0);
            double aCpu = Memory.ownCpuSeconds() - cpu0;
            series.get("a").add(a, aCpu, Memory.ownPeakRssBytes());
            report(run, "(a)  core only", n, a, aCpu, Memory.ownPeakRssBytes(), String.format(Locale.ROOT,
                    "%,d rows, %,d fit, digest %016x", core[0], core[1], core[2]));
            rows = core[0];

            if (o.rows()) {
                Memory.resetOwnPeak();
                cpu0 = Memory.ownCpuSeconds();
                t0 = System.nanoTime();
                long digest = coreAndRows(plan);
                double a2 = seconds(t0);
                double a2Cpu = Memory.ownCpuSeconds() - cpu0;
                series.get("a'").add(a2, a2Cpu, Memory.ownPeakRssBytes());
                report(run, "(a') core + column batch + checksum", n, a2, a2Cpu, Memory.ownPeakRssBytes(),
                        String.format(Locale.ROOT, "checksum %016x", digest));
            }

            Path bDir = o.work().resolve("direct/points");
            Memory.deleteTree(o.work().resolve("direct"));
            Memory.resetOwnPeak();
            cpu0 = Memory.ownCpuSeconds();
            t0 = System.nanoTime();
            DirectParquet.Outcome written = DirectParquet.write(plan, bDir);
            double b = seconds(t0);
            double bCpu = Memory.ownCpuSeconds() - cpu0;
            long bBytes = Memory.parquetBytes(bDir);
            series.get("b").add(b, bCpu, Memory.ownPeakRssBytes());
            report(run, "(b)  parquet-hadoop, 1 thread", n, b, bCpu, Memory.ownPeakRssBytes(),
                    String.format(Locale.ROOT,
                    "%,d rows in %d files, %,d bytes = %.2f B/row", written.rows(), written.files(), bBytes,
                    (double) bBytes / written.rows()));
            Memory.deleteTree(o.work().resolve("direct"));

            Path cDir = o.work().resolve("spark");
            Memory.deleteTree(cDir);
            SparkRun.Outcome c = SparkRun.run(sweep, cDir, o.master(), o.driverMemory(),
                    o.work().resolve("logs/compare-c-run" + run + ".log"), 0);
            series.get("c").add(c.jobSeconds(), c.cpuSeconds(), c.peakRssBytes());
            report(run, "(c)  Spark " + o.master(), n, c.jobSeconds(), c.cpuSeconds(), c.peakRssBytes(),
                    String.format(Locale.ROOT,
                    "%,d rows, %,d bytes = %.2f B/row; JVM wall %.1f s; %s", c.rows(), c.parquetBytes(),
                    (double) c.parquetBytes() / c.rows(), c.wallSeconds(), c.threads()));
            Memory.deleteTree(cDir);
        }
        System.out.printf(Locale.ROOT, "%n| path | runs | seconds min / median / max | points/s min / median / max "
                + "| CPU us per point (median) | peak RSS MiB (max) |%n| --- | --- | --- | --- | --- | --- |%n");
        Map<String, String> names = Map.of("a", "(a) cost core alone, 1 thread", "a'",
                "(a') core + ColumnBatch.add (columns read, checksum), 1 thread", "b",
                "(b) parquet-hadoop direct writer, zstd, 1 thread", "c", "(c) Spark job, " + o.master()
                        + " (job time, session start excluded)");
        for (var e : series.entrySet()) {
            Series s = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f / %.2f / %.2f | %s / %s / %s | %.1f | %.0f |%n",
                    names.get(e.getKey()), s.seconds.size(), min(s.seconds), median(s.seconds), max(s.seconds),
                    rate(n, max(s.seconds)), rate(n, median(s.seconds)), rate(n, min(s.seconds)),
                    median(s.cpuSeconds) / n * 1e6,
                    s.peakRss.stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0);
        }
        double a = series.get("a").medianSeconds();
        double b = series.get("b").medianSeconds();
        double c = series.get("c").medianSeconds();
        System.out.printf(Locale.ROOT, "%nratios of medians (points/s): c/b = %.2f, c/a = %.3f, b/a = %.3f%n",
                b / c, a / c, a / b);
        double bCpu = median(series.get("b").cpuSeconds);
        double cCpu = median(series.get("c").cpuSeconds);
        System.out.printf(Locale.ROOT, "CPU per point: (c) uses %.2fx the CPU of (b) (whole Spark JVM, start-up "
                + "included); on %d otherwise idle cores c/b would be at most %.2f%n", cCpu / bCpu, cores(o.master()),
                cores(o.master()) * bCpu / cCpu);
        System.out.printf(Locale.ROOT, "rows per run: %,d of %,d points%s%n", rows, n, ownPeakPerPhase ? ""
                : "; note: VmHWM could not be reset, in-process peaks are cumulative");
    }

    private static void ceiling(Options o) {
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

    /** The cores of a local[N] master; this machine's for local[*] or any other master. */
    private static int cores(String master) {
        var m = java.util.regex.Pattern.compile("local\\[(\\d+)]").matcher(master);
        return m.matches() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
    }

    private static SweepPlan load(Path sweep, Path configs) {
        return SweepConfigFile.load(sweep, Catalogs.load(configs), SweepConfigFile.DEFAULT_MAX_POINTS);
    }

    /** (a): rows, rows that fit, and a digest of every e2e time (so the JIT cannot drop the work). */
    private static long[] coreOnly(SweepPlan plan) {
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

    /**
     * (a'): the same plus what each Spark task does per row before encoding: reading its columns into a column batch
     * and taking its checksum in that pass ({@link ColumnBatch#add}); the batch is emptied when full, never encoded.
     */
    private static long coreAndRows(SweepPlan plan) {
        ColumnBatch<Evaluation> batch = new ColumnBatch<>(new RowLayout<>(PointsTable.TABLE,
                plan.settings().partitionBy()));
        long sum = 0;
        for (long id = 0; id < plan.size(); id++) {
            Evaluation e = plan.evaluate(id);
            if (e == null) {
                continue;
            }
            sum += batch.add(e);
            if (batch.full()) {
                batch.clear();
            }
        }
        return sum;
    }

    private static void report(int run, String path, long n, double seconds, double cpuSeconds, long peakRss,
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

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String rate(long n, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", n / seconds);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> v) {
        return Stats.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
