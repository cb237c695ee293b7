package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;

/**
 * The report's opening summary on the multi-modal question: where PowerInfer's advantage over dense systems survives
 * image prefill on LLaVA-class models and consumer GPUs, and where it does not. Every number in a sentence comes from
 * a query over the sweep's tables (shown in the report); nothing here is a hard-coded finding.
 */
final class Findings {
    /** The scope of the summary, widened when the sweep lacks consumer GPUs or multi-modal models. */
    record Scope(String predicate, String description) {
    }

    /** Per GPU and model: what the summary table and sentences report. */
    static final String COMBOS_SQL = """
            SELECT v.gpu, v.model, g.memory_gib,
                   count_if(v.pi_fits) AS pi_points,
                   count_if(v.pi_fits AND NOT v.dense_fits) AS powerinfer_only,
                   median(v.e2e_speedup) FILTER (WHERE v.images = 0) AS text_e2e_speedup,
                   median(v.e2e_speedup) FILTER (WHERE v.images = :max_images) AS image_e2e_speedup,
                   median(v.decode_speedup) FILTER (WHERE v.images = :max_images) AS image_decode_speedup,
                   median(v.ttft_ratio) FILTER (WHERE v.images = :max_images) AS image_ttft_ratio,
                   median(try_divide(v.pi_vision_s, v.pi_ttft_s)) FILTER (WHERE v.images = :max_images)
                     AS image_vision_share,
                   count_if(v.images = :max_images AND v.pi_fits AND v.dense_fits) AS image_pairs,
                   count_if(v.images = :max_images AND v.pi_fits AND NOT v.dense_fits) AS image_pi_only
            FROM pi_vs_dense v LEFT JOIN gpus g ON g.key = v.gpu LEFT JOIN models m ON m.key = v.model
            WHERE %s
            GROUP BY v.gpu, v.model, g.memory_gib
            ORDER BY g.memory_gib, v.gpu, v.model
            """;

    static final String SCOPE_SQL = """
            SELECT count(*) AS points, count(DISTINCT gpu) AS gpus, count(DISTINCT model) AS models,
                   min(images) AS min_images, max(images) AS max_images, min(batch) AS min_batch,
                   max(batch) AS max_batch, min(prompt_tokens) AS min_prompt, max(prompt_tokens) AS max_prompt,
                   count_if(pi_fits) AS pi_fits, count_if(pi_fits AND NOT dense_fits) AS powerinfer_only,
                   array_join(array_sort(collect_set(v.gpu)), ', ') AS gpu_list,
                   array_join(array_sort(collect_set(v.model)), ', ') AS model_list
            FROM pi_vs_dense v LEFT JOIN gpus g ON g.key = v.gpu LEFT JOIN models m ON m.key = v.model
            WHERE %s
            """;

    static final String IMAGE_TOKENS_SQL = """
            SELECT v.model, min(v.image_tokens / v.images) AS min_tokens, max(v.image_tokens / v.images) AS max_tokens
            FROM pi_vs_dense v LEFT JOIN gpus g ON g.key = v.gpu LEFT JOIN models m ON m.key = v.model
            WHERE %s AND v.images > 0
            GROUP BY v.model ORDER BY v.model
            """;

    /** The in-scope points with images where PowerInfer's speedup is largest and smallest. */
    static final String EXTREMES_SQL = """
            SELECT max_by(struct(v.gpu, v.model, v.batch, v.prompt_tokens, v.images, v.sparsity, v.e2e_speedup,
                                 v.dense_system), v.e2e_speedup) AS best,
                   min_by(struct(v.gpu, v.model, v.batch, v.prompt_tokens, v.images, v.sparsity, v.e2e_speedup,
                                 v.dense_system), v.e2e_speedup) AS worst
            FROM pi_vs_dense v LEFT JOIN gpus g ON g.key = v.gpu LEFT JOIN models m ON m.key = v.model
            WHERE %s AND v.images > 0 AND v.e2e_speedup IS NOT NULL
            """;

    /**
     * The scopes in order of preference: the first that holds PowerInfer points is the summary's. {@code g} and
     * {@code m} are the catalog's gpus and models views.
     */
    static final List<Scope> SCOPES = List.of(
            new Scope("coalesce(g.consumer, false) AND coalesce(m.multimodal, false)",
                    "LLaVA-class (multi-modal) models on consumer GPUs"),
            new Scope("coalesce(m.multimodal, false)",
                    "multi-modal models on every GPU of the sweep (it holds no consumer GPU)"),
            new Scope("coalesce(g.consumer, false)",
                    "every model on consumer GPUs (the sweep holds no multi-modal model)"),
            new Scope("true", "every model and GPU of the sweep (it holds no consumer GPU nor multi-modal model)"));

    /** Speedups within this fraction of 1 are called ties: a 0.1% win is not an advantage anyone would notice. */
    static final double TIE = 0.01;
    /** Combinations named in one sentence at most; the table lists all. */
    static final int LISTED = 6;

    private Findings() {
    }

    /** The sentences, in order. {@code scope} is the scope row, {@code combos} the per-GPU-and-model rows. */
    static List<String> sentences(Scope scope, Row s, List<Row> combos, List<Row> imageTokens, Row best, Row worst) {
        List<String> out = new ArrayList<>();
        int maxImages = s.getAs("max_images");
        out.add(String.format(Locale.ROOT, "Scope: %s. %d PowerInfer points are matched with the best dense system "
                + "(dense-gpu or layer-offload, same inputs) over %s on %s; requests carry %d to %d images, "
                + "batch %d to %d, prompts of %d to %d text tokens.", scope.description(), s.<Long>getAs("points"),
                s.getAs("model_list"), s.getAs("gpu_list"), s.<Integer>getAs("min_images"), maxImages,
                s.<Integer>getAs("min_batch"), s.<Integer>getAs("max_batch"), s.<Integer>getAs("min_prompt"),
                s.<Integer>getAs("max_prompt")));
        Map<String, List<String>> modelsByTokens = new LinkedHashMap<>();
        for (Row t : imageTokens) {
            double lo = t.getAs("min_tokens");
            double hi = t.getAs("max_tokens");
            modelsByTokens.computeIfAbsent(lo == hi ? whole(lo) : whole(lo) + " to " + whole(hi),
                    k -> new ArrayList<>()).add(t.getAs("model"));
        }
        modelsByTokens.forEach((tokens, models) -> out.add("Each image adds " + tokens + " LLM tokens to the prompt ("
                + String.join(", ", models) + "), and all of them go through prefill before the first token."));
        if (maxImages == 0) {
            out.add("The sweep holds no request with images, so it cannot show the effect of image prefill; the table "
                    + "below gives the text-only speedups.");
        } else {
            survival(out, maxImages, combos);
        }
        long fits = s.getAs("pi_fits");
        long only = s.getAs("powerinfer_only");
        if (fits > 0 && only > 0) {
            out.add(String.format(Locale.ROOT, "Memory: at %d of the %d points where PowerInfer fits (%s), neither "
                    + "dense system fits in GPU memory, so PowerInfer is the only option there.", only, fits,
                    percent((double) only / fits)));
        } else if (fits > 0) {
            out.add(String.format(Locale.ROOT, "Memory: at every one of the %d points where PowerInfer fits, a dense "
                    + "system (dense-gpu or layer-offload) fits too, so the comparison is one of speed.", fits));
        }
        if (best != null && worst != null) {
            out.add("With images, the largest e2e speedup is " + describe(best) + "; the smallest is "
                    + describe(worst) + ".");
        }
        return out;
    }

    private static void survival(List<String> out, int maxImages, List<Row> combos) {
        Predicate<Row> paired = r -> r.getAs("image_e2e_speedup") != null;
        List<String> wins = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        List<String> onlyPi = new ArrayList<>();
        double decodeLo = Double.POSITIVE_INFINITY;
        double decodeHi = 0;
        double ttftLo = Double.POSITIVE_INFINITY;
        double ttftHi = 0;
        double visionLo = Double.POSITIVE_INFINITY;
        double visionHi = 0;
        for (Row r : combos) {
            Double vision = r.getAs("image_vision_share");
            if (vision != null) {
                visionLo = Math.min(visionLo, vision);
                visionHi = Math.max(visionHi, vision);
            }
            String name = r.getAs("model") + " on " + r.getAs("gpu");
            if (paired.test(r)) {
                double e2e = r.getAs("image_e2e_speedup");
                Double text = r.getAs("text_e2e_speedup");
                String detail = name + " " + Charts.times(e2e) + (text == null ? "" : " (text-only "
                        + Charts.times(text) + ")");
                (e2e > 1 + TIE ? wins : e2e < 1 - TIE ? losses : ties).add(detail);
                decodeLo = Math.min(decodeLo, r.<Double>getAs("image_decode_speedup"));
                decodeHi = Math.max(decodeHi, r.<Double>getAs("image_decode_speedup"));
                ttftLo = Math.min(ttftLo, r.<Double>getAs("image_ttft_ratio"));
                ttftHi = Math.max(ttftHi, r.<Double>getAs("image_ttft_ratio"));
            } else if (r.<Long>getAs("image_pi_only") > 0) {
                onlyPi.add(name);
            }
        }
        int total = wins.size() + ties.size() + losses.size();
        String images = images(maxImages);
        if (total > 0) {
            out.add(String.format(Locale.ROOT, "With %s per request, PowerInfer's median e2e speedup over the "
                    + "best dense system stays above %s in %d of %d GPU-model combinations%s", images,
                    decimal(1 + TIE) + "×", wins.size(), total, listed(wins)));
            if (!ties.isEmpty()) {
                out.add(String.format(Locale.ROOT, "It is within %s of parity (a tie) in %d%s", percent(TIE),
                        ties.size(), listed(ties)));
            }
            if (!losses.isEmpty()) {
                out.add(String.format(Locale.ROOT, "It falls below %s in %d%s", decimal(1 - TIE) + "×",
                        losses.size(), listed(losses)));
            }
            String verdict = ttftLo > 1 ? " PowerInfer reaches the first token later than the dense system in "
                    + "every combination, which is where its decode advantage goes."
                    : ttftHi <= 1 ? " PowerInfer reaches the first token no later than the dense system in every "
                    + "combination." : "";
            out.add(String.format(Locale.ROOT, "With %s, PowerInfer's median decode speedup ranges from %s to %s "
                    + "across these combinations, while its median time to first token is %s to %s the best dense "
                    + "system's.%s", images, Charts.times(decodeLo), Charts.times(decodeHi), Charts.times(ttftLo),
                    Charts.times(ttftHi), verdict));
        }
        if (visionHi > 0) {
            out.add(String.format(Locale.ROOT, "The vision encoder itself takes %s to %s of PowerInfer's time to first "
                    + "token with %s (medians per GPU and model); the rest is the prefill of the text and image "
                    + "tokens.",
                    percent(visionLo), percent(visionHi), images));
        }
        if (!onlyPi.isEmpty()) {
            out.add(String.format(Locale.ROOT, "With %s, only PowerInfer fits for %s (no dense point to compare).",
                    images, String.join("; ", onlyPi)));
        }
    }

    /** ": a; b; c." with at most {@link #LISTED} items named, or "." for none. */
    private static String listed(List<String> items) {
        if (items.isEmpty()) {
            return ".";
        }
        String named = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        int more = items.size() - LISTED;
        return ": " + named + (more > 0 ? "; and " + more + " more (see the table)." : ".");
    }

    private static String describe(Row r) {
        return String.format(Locale.ROOT, "%s for %s on %s (batch %d, prompt %d, %s, sparsity %s, vs %s)",
                Charts.times(r.getAs("e2e_speedup")), r.getAs("model"), r.getAs("gpu"), r.<Integer>getAs("batch"),
                r.<Integer>getAs("prompt_tokens"), images(r.<Integer>getAs("images")), decimal(r.getAs("sparsity")),
                r.getAs("dense_system"));
    }

    static String whole(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Whole numbers as they are, others to 3 significant digits. */
    static String decimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String images(int n) {
        return n + (n == 1 ? " image" : " images");
    }

    /** A fraction as a percentage: one decimal below 10%, none above, and "under 0.1%" for tiny ones. */
    static String percent(double fraction) {
        double p = 100 * fraction;
        if (p > 0 && p < 0.1) {
            return "under 0.1%";
        }
        return String.format(Locale.ROOT, p < 10 ? "%.1f%%" : "%.0f%%", p);
    }
}
