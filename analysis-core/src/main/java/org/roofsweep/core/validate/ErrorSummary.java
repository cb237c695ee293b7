package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roofsweep.core.Stats;

/**
 * Median absolute error of predictions per system, metric, engine and backend: an {@code all} line per system and
 * metric over every backend and engine, one per backend, and, where a system's rows of a metric come from llama.cpp
 * and from other engines, the same lines over the llama.cpp rows alone (the runtime the model prices). A metric's
 * rows with images (other than image encode) also get lines of their own, the metric named with
 * {@link #WITH_IMAGES} ({@code pp_tok_s+images}: prompt eval with image tokens), in addition to the metric's.
 */
public record ErrorSummary(String system, String metric, String engine, String backend, int rows,
        double medianAbsErrorPct) {
    public static final String ALL = "all";
    /** The suffix of a metric's lines over its rows with images (prompt eval with image tokens, LLaVA end to end). */
    public static final String WITH_IMAGES = "+images";

    public static List<ErrorSummary> of(List<Validation.Prediction> predictions) {
        Map<String, List<Validation.Prediction>> groups = new TreeMap<>();
        Map<String, Set<String>> engines = new TreeMap<>();
        for (Validation.Prediction p : predictions) {
            String head = p.system() + "\t" + p.row().metric() + "\t";
            engines.computeIfAbsent(head, k -> new TreeSet<>()).add(p.engine());
        }
        for (Validation.Prediction p : predictions) {
            String head = p.system() + "\t" + p.row().metric() + "\t";
            List<String> keys = new ArrayList<>(List.of(head + ALL + "\t" + ALL,
                    head + ALL + "\t" + p.backend().key()));
            if (engines.get(head).size() > 1 && p.engine().equals(Validation.LLAMA_CPP)) {
                keys.add(head + p.engine() + "\t" + ALL);
                keys.add(head + p.engine() + "\t" + p.backend().key());
            }
            if (p.workload().images() > 0 && !p.vision()) {
                String images = p.system() + "\t" + p.row().metric() + WITH_IMAGES + "\t" + ALL + "\t";
                keys.add(images + ALL);
                keys.add(images + p.backend().key());
            }
            keys.forEach(k -> groups.computeIfAbsent(k, x -> new ArrayList<>()).add(p));
        }
        List<ErrorSummary> out = new ArrayList<>();
        groups.forEach((k, ps) -> {
            String[] parts = k.split("\t");
            out.add(new ErrorSummary(parts[0], parts[1], parts[2], parts[3], ps.size(), medianAbsErrorPct(ps)));
        });
        return out;
    }

    public static double medianAbsErrorPct(List<Validation.Prediction> ps) {
        return Stats.median(ps.stream().mapToDouble(p -> Math.abs(p.errorPct())).toArray());
    }
}
