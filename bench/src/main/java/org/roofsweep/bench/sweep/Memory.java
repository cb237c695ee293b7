package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Peak resident memory and CPU time from /proc and the JVM, and the bytes a table takes on disk. */
final class Memory {
    private static final double CLOCK_TICKS_PER_SECOND = 100;
    private Memory() {
    }

    /** VmHWM of a process (the peak resident set), 0 when /proc does not tell (not Linux, or it exited). */
    static long peakRssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** User + system CPU seconds of a process so far (fields 14 and 15 of /proc/PID/stat), 0 when unknown. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime field 14, stime field 15, in clock ticks (USER_HZ = 100)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds this JVM has used, all threads (JIT and GC included, as for the Spark JVM). */
    static double ownCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
    }

    static long ownPeakRssBytes() {
        return peakRssBytes(ProcessHandle.current().pid());
    }

    /**
     * Resets this process's VmHWM to its current RSS (Linux: 5 into clear_refs), so each phase has its own peak.
     * False when that is not possible (not Linux, or not allowed): the peaks are then cumulative over the phases.
     */
    static boolean resetOwnPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sum of the sizes of the .parquet files under a folder (Hadoop's .crc side files left out). */
    static long parquetBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
