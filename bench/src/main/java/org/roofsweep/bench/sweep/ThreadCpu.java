package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a child JVM's CPU goes, by kind of thread: the JIT's compiler threads (C1, C2), the garbage collector and VM
 * thread, Spark's task threads, and the rest (Spark's driver and scheduler, start-up, logging). Polled from each
 * thread's {@code /proc/PID/task/TID/stat} (user + system ticks) while the JVM runs, keeping each thread's last
 * figure, so a thread's CPU after the last poll (at most one poll interval) is missed; threads are told apart by
 * the name the JVM gives them (truncated by Linux to 15 characters).
 */
final class ThreadCpu {
    private static final double CLOCK_TICKS_PER_SECOND = 100;
    private final Map<Long, Double> seconds = new HashMap<>();
    private final Map<Long, String> kinds = new HashMap<>();

    /** Reads every thread of {@code pid} once; a process or thread that is gone is skipped. */
    void poll(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the command: state is field 3, utime field 14, stime field 15, in clock ticks
                    long tid = Long.parseLong(task.getFileName().toString());
                    seconds.put(tid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND);
                    kinds.put(tid, kind(comm));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }

    static String kind(String comm) {
        if (comm.startsWith("C2 Compiler")) {
            return "C2";
        }
        if (comm.startsWith("C1 Compiler")) {
            return "C1";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return "GC+VM";
        }
        if (comm.startsWith("Executor task")) {
            return "tasks";
        }
        return "other";
    }

    /** CPU seconds by kind, in a fixed order. */
    Map<String, Double> byKind() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : new String[] {"tasks", "C2", "C1", "GC+VM", "other"}) {
            out.put(k, 0.0);
        }
        seconds.forEach((tid, s) -> out.merge(kinds.get(tid), s, Double::sum));
        return out;
    }
}
