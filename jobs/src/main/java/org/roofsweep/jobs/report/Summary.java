package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/** The report's summary: the findings in sentences and the per-GPU-and-model table of speedups. */
final class Summary {
    private Summary() {
    }

    /** The summary section; returns the scope it settled on (empty when no scope has PowerInfer points). */
    static Optional<Findings.Scope> write(ReportContext cx) {
        cx.html().heading(2, "Details: PowerInfer vs dense systems per GPU and model");
        String counts = Findings.SCOPES.stream().map(s -> "count_if(" + s.predicate() + ")")
                .collect(Collectors.joining(", "));
        Row present = cx.rows("SELECT " + counts + " FROM pi_vs_dense v " + ReportContext.IN_SCOPE.formatted("v", "v"),
                Map.of()).get(0);
        Findings.Scope scope = null;
        for (int k = 0; k < Findings.SCOPES.size() && scope == null; k++) {
            scope = present.getLong(k) > 0 ? Findings.SCOPES.get(k) : null;
        }
        if (scope == null) {
            cx.html().paragraph("No PowerInfer point has a dense counterpart with the same inputs.");
            return Optional.empty();
        }
        String where = scope.predicate();
        Row s = cx.rows(Findings.SCOPE_SQL.formatted(where), Map.of()).get(0);
        int maxImages = s.getAs("max_images");
        String combosSql = Findings.COMBOS_SQL.formatted(where);
        List<Row> combos = cx.rows(combosSql, Map.of("max_images", maxImages));
        List<Row> tokens = cx.rows(Findings.IMAGE_TOKENS_SQL.formatted(where), Map.of());
        Row extremes = cx.rows(Findings.EXTREMES_SQL.formatted(where), Map.of()).get(0);
        cx.html().list("summary", Findings.sentences(scope, s, combos, tokens, extremes.getAs("best"),
                extremes.getAs("worst")));
        List<List<String>> table = new ArrayList<>();
        for (Row r : combos) {
            table.add(List.of(r.getAs("gpu"), r.getAs("model"), Long.toString(r.getAs("pi_points")),
                    Long.toString(r.getAs("powerinfer_only")), times(r, "text_e2e_speedup"),
                    times(r, "image_e2e_speedup"), times(r, "image_decode_speedup"), times(r, "image_ttft_ratio")));
        }
        cx.html().paragraph("Per GPU and model (medians over the other inputs; \"with images\": "
                + Findings.images(maxImages) + " per request, the most the sweep holds; a dash: no point where both "
                + "fit). Speedups are PowerInfer's tokens/s over the best dense system's; the TTFT ratio is "
                + "PowerInfer's time to first token over the dense system's.");
        cx.html().table(List.of("GPU", "model", "PowerInfer fits", "only PowerInfer fits", "e2e speedup, text only",
                "e2e speedup, with images", "decode speedup, with images", "TTFT ratio, with images"), table,
                new boolean[] {false, false, true, true, true, true, true, true});
        cx.html().sql("SQL: the pi_vs_dense view (each PowerInfer point beside the best dense system)",
                Comparison.sql());
        cx.html().sql("SQL: per GPU and model (:max_images = " + maxImages + ")", combosSql);
        cx.html().sql("SQL: scope, image tokens, extremes", Findings.SCOPE_SQL.formatted(where) + "\n"
                + Findings.IMAGE_TOKENS_SQL.formatted(where) + "\n" + Findings.EXTREMES_SQL.formatted(where));
        return Optional.of(scope);
    }

    private static String times(Row r, String column) {
        Double v = r.getAs(column);
        return v == null ? "-" : Charts.times(v);
    }
}
