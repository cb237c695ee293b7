package org.roofsweep.bench.sweep;

import static org.roofsweep.bench.sweep.Series.max;
import static org.roofsweep.bench.sweep.Series.median;
import static org.roofsweep.bench.sweep.Series.min;
import static org.roofsweep.bench.sweep.SweepBenchmark.coreOnly;
import static org.roofsweep.bench.sweep.SweepBenchmark.load;
import static org.roofsweep.bench.sweep.SweepBenchmark.rate;
import static org.roofsweep.bench.sweep.SweepBenchmark.report;
import static org.roofsweep.bench.sweep.SweepBenchmark.seconds;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * {@code compare}: on one grid, each run measures (a) the cost core alone, (a') with {@code --rows} the core plus the
 * job's per-row work before encoding, (b) the direct writer on one thread and (c) the Spark job in a child JVM; prints
 * points/s, CPU per point and peak RSS of each, and the ratios c/b and c/a ({@link SweepBenchmark}).
 */
final class CompareMode {
    private CompareMode() {
    }

    static void run(Options o) {
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
                // (a'): what each Spark task does per row before encoding: its columns read into a column batch
                // (ColumnBatch.add) and the batch's row checksums taken when it is full (ColumnBatch.checksum); the
                // batch is then emptied, never encoded
                long digest = RowReadMode.add(plan, plan.size(), PointsTable.TABLE);
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
                "(a') core + ColumnBatch.add (columns read, checksums per batch), 1 thread", "b",
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

    /** The cores of a local[N] master; this machine's for local[*] or any other master. */
    private static int cores(String master) {
        var m = java.util.regex.Pattern.compile("local\\[(\\d+)]").matcher(master);
        return m.matches() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
    }
}
