package org.roofsweep.bench.sweep;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.Stats;

/** Seconds, CPU seconds and peak RSS of each run of one path. */
final class Series {
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

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
        return Stats.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
