package org.roofsweep.jobs.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The headline's answer in two or three sentences, from the aggregates behind its charts: the median speedup with the
 * fewest and the most images per request (real models, then hypothetical sparse-backbone variants), by GPU memory
 * class, and each system's tokens/s per GiB of GPU memory. Numbers are rounded to what they mean: three significant
 * figures, and "no difference" for a ratio within {@link Findings#TIE} of 1.
 */
final class Answer {
    private Answer() {
    }

    /** A ratio as "1.23×", or "no difference" within {@link Findings#TIE} of 1. */
    static String ratio(double v) {
        return Math.abs(v - 1) < Findings.TIE ? "no difference" : significant(v) + "×";
    }

    /** Three significant figures, trailing zeros kept: 1.2 as "1.20", 1234.5 as "1230", 0.01234 as "0.0123". */
    static String significant(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return v == 0 ? "0" : new BigDecimal(v).round(new MathContext(3)).toPlainString();
    }

    /** The speed sentences: one for the real models, one for the hypothetical variants, where the scope has them. */
    static List<String> speed(String where, Headline.Members members, List<Row> overall, List<Row> byClass) {
        List<String> out = new ArrayList<>();
        for (boolean hypothetical : List.of(false, true)) {
            List<Row> kind = overall.stream().filter(r -> r.<Boolean>getAs("hypothetical") == hypothetical).toList();
            if (kind.isEmpty()) {
                continue;
            }
            Row fewest = kind.get(0);
            Row most = kind.get(kind.size() - 1);
            int maxImages = most.getAs("images");
            String classes = byClass.stream().filter(r -> r.<Boolean>getAs("hypothetical") == hypothetical
                    && r.<Integer>getAs("images") == maxImages).map(r -> r.<Integer>getAs("memory_class") + " GB "
                    + phrase(r.getAs("speedup"))).collect(Collectors.joining(", "));
            String subject = hypothetical ? "For the hypothetical sparse-backbone variants (" + members.models(true)
                    + "): " : "On " + where + ", for the real multi-modal models (" + members.models(false)
                    + "), PowerInfer's median end-to-end speedup over the best dense system: ";
            String change = kind.size() == 1 ? phrase(most.getAs("speedup")) + " with " + Findings.images(maxImages)
                    : phrase(fewest.getAs("speedup")) + " with " + Findings.images(fewest.getAs("images")) + ", "
                    + phrase(most.getAs("speedup")) + " with " + Findings.images(maxImages);
            long only = most.getAs("pi_only");
            long fits = most.getAs("pi_fits");
            String memory = only > 0 ? String.format(Locale.ROOT, "; at %d of the %d points with %s where PowerInfer "
                    + "fits, no dense system fits", only, fits, Findings.images(maxImages)) : "";
            out.add(subject + change + " per request (with " + Findings.images(maxImages) + ", by GPU memory class: "
                    + classes + ")" + memory + ".");
        }
        return out;
    }

    /**
     * The memory sentence: each system's median tokens/s per GiB of GPU memory at the most images per request,
     * PowerInfer first; empty when no system fits.
     */
    static Optional<String> memory(List<Row> efficiency) {
        if (efficiency.isEmpty()) {
            return Optional.empty();
        }
        int maxImages = efficiency.stream().mapToInt(r -> r.<Integer>getAs("images")).max().getAsInt();
        List<Row> at = new ArrayList<>(efficiency.stream().filter(r -> r.<Integer>getAs("images") == maxImages)
                .toList());
        at.sort((a, b) -> Boolean.compare(!"powerinfer".equals(a.getAs("system")),
                !"powerinfer".equals(b.getAs("system"))));
        String systems = at.stream().map(r -> r.getAs("system") + " " + significant(r.getAs("tokens_per_s_per_gib")))
                .collect(Collectors.joining(", "));
        return Optional.of("In memory efficiency, with " + Findings.images(maxImages) + " per request the systems give "
                + "these end-to-end tokens/s per GiB of GPU memory they use (medians over the real multi-modal points "
                + "where each fits): " + systems + ".");
    }

    private static String phrase(Double speedup) {
        return speedup == null ? "not comparable (no point where both fit)" : ratio(speedup);
    }
}
