package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Path (c): the project's own Spark job, run the way a user runs it ({@code ./submit.sh run SWEEP --master local[N]}),
 * in a child JVM so that its peak resident memory and CPU time are the driver's alone. Both come from GNU time
 * (maximum resident set size, user + system CPU of the child and what it waited for: submit.sh execs the JVM, or
 * waits for it in the run that makes its class-data archive, so they are the JVM's), else from polling the JVM's
 * /proc entries.
 */
final class SparkRun {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    private static final Pattern JOB = Pattern.compile("points in ([0-9.]+) s .*?: ([0-9,]+) rows");
    /** The job's progress lines (every 10 s): points done so far and the rate since the job started. */
    private static final Pattern PROGRESS =
            Pattern.compile("points ([0-9,]+) / [0-9,]+ \\([0-9.]+%\\), ([0-9,]+) points/s");

    private SparkRun() {
    }

    /**
     * What one run measured: wall time of the child JVM (start-up, session and job), the job's own time as it prints
     * it (session start-up excluded), rows written, the driver's peak RSS, the CPU seconds of the whole JVM (start-up
     * included), and the Parquet bytes of the points table.
     * A run stopped at its time limit is not {@code complete}: its rows and job seconds are those of its last
     * progress line (points done, and the time they took at the rate it printed), and it has no Parquet bytes.
     */
    record Outcome(boolean complete, double wallSeconds, double jobSeconds, long rows, long peakRssBytes,
            double cpuSeconds, long parquetBytes, Map<String, Double> threadCpu) {
        /** The CPU seconds by kind of thread ({@link ThreadCpu}), as text. */
        String threads() {
            StringBuilder b = new StringBuilder("thread CPU s:");
            threadCpu.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.1f", k, v)));
            return b.toString();
        }
    }

    /**
     * The JVM's process once it runs: the child itself or GNU time's child once submit.sh has exec'd the JVM, or the
     * java process under submit.sh's shell where it does not exec it (the run that makes the class-data archive);
     * empty before (the shell still starting it).
     */
    private static Optional<ProcessHandle> jvm(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    /** One run; {@code limitSeconds} > 0 stops the child after that long (SIGTERM, as Ctrl-C would). */
    static Outcome run(Path sweep, Path output, String master, String driverMemory, Path log, double limitSeconds) {
        try {
            Files.createDirectories(log.getParent());
            Path usage = Files.createTempFile("roofsweep-bench-usage", ".txt");
            List<String> cmd = new ArrayList<>();
            boolean timed = Files.isExecutable(GNU_TIME);
            if (timed) {
                cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", usage.toString()));
            }
            cmd.addAll(List.of("./submit.sh", "run", sweep.toString(), "--master", master, "--output",
                    output.toString(), "--overwrite"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DRIVER_MEMORY", driverMemory);
            long t0 = System.nanoTime();
            Process p = pb.start();
            long polled = 0;
            double polledCpu = 0;
            ThreadCpu threads = new ThreadCpu();
            int polls = 0;
            boolean stopped = false;
            // looked up until it runs, then kept while it lives (a java before it, Maven's where submit.sh builds the
            // jars first, is looked past once it exits)
            ProcessHandle jvm = null;
            while (!p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                jvm = jvm != null && jvm.isAlive() ? jvm : jvm(p).orElse(null);
                if (jvm != null) {
                    polled = Math.max(polled, Memory.peakRssBytes(jvm.pid()));
                    polledCpu = Math.max(polledCpu, Memory.cpuSeconds(jvm.pid()));
                    if (polls++ % 10 == 0) { // each thread's CPU once a second
                        threads.poll(jvm.pid());
                    }
                }
                if (!stopped && limitSeconds > 0 && (System.nanoTime() - t0) / 1e9 > limitSeconds) {
                    // stop the JVM only: GNU time, its parent, then still reports its usage
                    p.descendants().forEach(ProcessHandle::destroy);
                    if (!timed) {
                        p.destroy();
                    }
                    stopped = true;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            String text = Files.readString(log, StandardCharsets.UTF_8);
            long peak = polled;
            double cpu = polledCpu;
            String reported = timed ? Files.readString(usage).trim() : "";
            if (!reported.isEmpty()) {
                // the last line: "KB USER SYSTEM" (a line before it says so when the JVM exited non-zero)
                String[] f = reported.substring(reported.lastIndexOf('\n') + 1).trim().split("\\s+");
                peak = Long.parseLong(f[0]) * 1024;
                cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            }
            Files.deleteIfExists(usage);
            if (stopped) {
                Matcher m = PROGRESS.matcher(text);
                long done = 0;
                double rate = Double.NaN;
                while (m.find()) {
                    done = Long.parseLong(m.group(1).replace(",", ""));
                    rate = Double.parseDouble(m.group(2).replace(",", ""));
                }
                return new Outcome(false, wall, done / rate, done, peak, cpu, 0, threads.byKind());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the Spark job failed (exit " + p.exitValue() + "); see " + log);
            }
            Matcher m = JOB.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("cannot find the job's summary line in " + log);
            }
            return new Outcome(true, wall, Double.parseDouble(m.group(1)), Long.parseLong(m.group(2).replace(",", "")),
                    peak, cpu, Files.isDirectory(output) ? Memory.parquetBytes(output.resolve("points")) : 0,
                    threads.byKind());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
