package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roofsweep.core.Stats;

/**
 * Median absolute error of predictions per system, metric and backend, with an {@code all} line per system and
 * metric over every backend.
 */
public record ErrorSummary(String system, String metric, String backend, int rows, double medianAbsErrorPct) {
    public static final String ALL = "all";

    public static List<ErrorSummary> of(List<Validation.Prediction> predictions) {
        Map<String, List<Validation.Prediction>> groups = new TreeMap<>();
        for (Validation.Prediction p : predictions) {
            String head = p.system() + "\t" + p.row().metric() + "\t";
            groups.computeIfAbsent(head + ALL, k -> new ArrayList<>()).add(p);
            groups.computeIfAbsent(head + p.backend().key(), k -> new ArrayList<>()).add(p);
        }
        List<ErrorSummary> out = new ArrayList<>();
        groups.forEach((k, ps) -> {
            String[] parts = k.split("\t");
            out.add(new ErrorSummary(parts[0], parts[1], parts[2], ps.size(), medianAbsErrorPct(ps)));
        });
        return out;
    }

    public static double medianAbsErrorPct(List<Validation.Prediction> ps) {
        return Stats.median(ps.stream().mapToDouble(p -> Math.abs(p.errorPct())).toArray());
    }
}
