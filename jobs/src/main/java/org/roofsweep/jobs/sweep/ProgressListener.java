package org.roofsweep.jobs.sweep;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.roofsweep.core.Units;
import org.roofsweep.core.sweep.PointRange;

/**
 * Console progress of the points job: points done of the total, rate and time left, counted when tasks succeed
 * (each task expands a known slice of the point ids, so a retried or speculative attempt never counts twice). On a
 * terminal one line is redrawn at most every second; otherwise a line is printed at most every {@code 10 s}.
 */
final class ProgressListener extends SparkListener {
    /** Local property that marks the stages of the job whose tasks are counted. */
    static final String JOB_PROPERTY = "roofsweep.progress";
    private static final long TTY_INTERVAL_NANOS = 1_000_000_000L;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String tag;
    private final PointRange range;
    private final int partitions;
    private final PrintWriter err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final Set<Integer> stages = new HashSet<>();
    private final Set<Integer> doneTasks = new HashSet<>();
    private long donePoints;
    private long lastPrintNanos = startNanos;

    ProgressListener(String tag, PointRange range, int partitions, PrintWriter err, boolean terminal) {
        this.tag = tag;
        this.range = range;
        this.partitions = partitions;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        Properties p = submitted.properties();
        if (p != null && tag.equals(p.getProperty(JOB_PROPERTY))) {
            stages.add(submitted.stageInfo().stageId());
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!stages.contains(end.stageId()) || !end.taskInfo().successful()) {
            return;
        }
        int partition = end.taskInfo().index();
        if (!doneTasks.add(partition)) {
            return;
        }
        donePoints += range.slice(partition, partitions).size();
        long now = System.nanoTime();
        long interval = terminal ? TTY_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
        if (donePoints < range.size() && now - lastPrintNanos >= interval) {
            lastPrintNanos = now;
            err.print(line(now) + (terminal ? "\r" : System.lineSeparator()));
            err.flush();
        }
    }

    /**
     * Prints the last line and ends the redrawn one. Listener events arrive asynchronously, so after a job that
     * succeeded the count is set to the total rather than read from events still in flight.
     */
    synchronized void finish(boolean succeeded) {
        if (succeeded) {
            donePoints = range.size();
        }
        err.println(line(System.nanoTime()));
        err.flush();
    }

    private String line(long now) {
        double seconds = (now - startNanos) / Units.NANOS_PER_SECOND;
        double rate = seconds > 0 ? donePoints / seconds : 0;
        String s = String.format(Locale.ROOT, "points %,d / %,d (%.1f%%), %,.0f points/s", donePoints, range.size(),
                100.0 * donePoints / range.size(), rate);
        if (donePoints < range.size() && rate > 0) {
            s += ", " + duration((range.size() - donePoints) / rate) + " left";
        } else if (donePoints == range.size()) {
            s += ", " + duration(seconds);
        }
        return terminal ? String.format(Locale.ROOT, "%-78s", s) : s;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
