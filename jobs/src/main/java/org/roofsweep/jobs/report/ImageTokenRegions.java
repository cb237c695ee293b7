package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Where PowerInfer wins for multi-modal requests as the image-token hypotheses change: its e2e speedup over the best
 * dense system as heatmaps over the kept share of image tokens ({@code image_token_keep}) and the image tokens'
 * sparsity ({@code image_sparsity}), one per model, GPU and token correlation, and a table of the image sparsities
 * at which it wins, per GPU memory and keep ratio: the region where the answer to the research question flips.
 * Rendered only for sweeps that vary the image-token axes on requests with images.
 */
final class ImageTokenRegions {
    /**
     * Whether the sweep varies an image-token axis where there are images: its settings, as the effective image
     * sparsity of "model" follows the text's, which other sweeps vary.
     */
    private static final String VARIED = """
            SELECT count(DISTINCT coalesce(image_sparsity_setting, -1)) AS sparsities,
                   count(DISTINCT image_token_keep) AS keeps, count(DISTINCT token_correlation) AS correlations
            FROM points WHERE images > 0
            """;
    /** The heatmap cells: medians over the other swept inputs, by model, GPU and correlation. */
    static final String CELLS = """
            SELECT concat(model, ', token correlation ', CAST(token_correlation AS STRING)) AS model, gpu,
                   image_token_keep AS x, image_sparsity AS y, median(e2e_speedup) AS speedup,
                   count(e2e_speedup) AS pairs, count_if(pi_fits AND NOT dense_fits) AS pi_only,
                   count_if(dense_fits AND NOT pi_fits) AS dense_only
            FROM pi_vs_dense
            WHERE images > 0
            GROUP BY model, gpu, token_correlation, image_token_keep, image_sparsity
            ORDER BY model, gpu
            """;
    /** Per model, GPU, correlation and keep ratio: the image sparsities at which PowerInfer wins (or alone fits). */
    static final String REGIONS = """
            WITH cells AS (
              SELECT model, gpu, token_correlation, image_token_keep, image_sparsity,
                     median(e2e_speedup) AS speedup, count_if(pi_fits AND NOT dense_fits) AS pi_only
              FROM pi_vs_dense
              WHERE images > 0
              GROUP BY model, gpu, token_correlation, image_token_keep, image_sparsity)
            SELECT c.model, c.gpu, g.memory_gib, c.token_correlation, c.image_token_keep,
                   count_if(c.speedup > 1 OR (c.speedup IS NULL AND c.pi_only > 0)) AS wins, count(*) AS cells,
                   min(CASE WHEN c.speedup > 1 OR (c.speedup IS NULL AND c.pi_only > 0) THEN c.image_sparsity END)
                     AS wins_from_sparsity,
                   min(c.speedup) AS speedup_min, max(c.speedup) AS speedup_max
            FROM cells c LEFT JOIN gpus g ON g.key = c.gpu
            GROUP BY c.model, c.gpu, g.memory_gib, c.token_correlation, c.image_token_keep
            ORDER BY c.model, g.memory_gib, c.gpu, c.token_correlation, c.image_token_keep DESC
            """;

    private ImageTokenRegions() {
    }

    /** The section, when the sweep varies the axes; {@code model} and {@code gpus}: the report's focus. */
    static void write(ReportContext cx, String model, List<String> gpus) {
        Row varied = cx.rows(VARIED, Map.of()).get(0);
        if (varied.<Long>getAs("sparsities") < 2 && varied.<Long>getAs("keeps") < 2
                && varied.<Long>getAs("correlations") < 2) {
            return;
        }
        cx.html().heading(2, "Image tokens: their sparsity, their correlation and visual-token pruning");
        cx.html().paragraph("Nobody has measured how sparse image tokens' FFN activations are, how far a prompt's "
                + "tokens share active neurons, or how many image tokens a deployment keeps: the sweep explores them "
                + "as hypotheses (image_sparsity, token_correlation, image_token_keep after prune_after_layer). Each "
                + "cell: the median, over the other swept inputs, of PowerInfer's end-to-end tokens/s divided by the "
                + "faster dense system's at the same inputs (both prune alike). Blue: PowerInfer faster.");
        List<Row> cells = cx.rows(CELLS, Map.of());
        String focus = cells.stream().map(c -> c.<String>getAs("model")).filter(m -> m.startsWith(model + ", "))
                .findFirst().orElse(model);
        SpeedupHeatmaps.chart(cx, focus, gpus, cells, "share of image tokens kept after the pruning layer",
                "FFN activation sparsity of image tokens", "speedup_keep_image_sparsity_");
        List<List<String>> table = new ArrayList<>();
        for (Row r : cx.rows(REGIONS, Map.of())) {
            Object memory = r.getAs("memory_gib");
            Double from = r.getAs("wins_from_sparsity");
            Double lo = r.getAs("speedup_min");
            Double hi = r.getAs("speedup_max");
            table.add(List.of(r.getAs("model"), r.getAs("gpu"), memory == null ? "" : Findings.decimal(
                    ((Number) memory).doubleValue()), Findings.decimal(r.<Double>getAs("token_correlation")),
                    Findings.decimal(r.<Double>getAs("image_token_keep")),
                    r.<Long>getAs("wins") + " of " + r.<Long>getAs("cells"),
                    from == null ? "never" : "from " + Findings.decimal(from),
                    lo == null ? "" : String.format(Locale.ROOT, "%.2f to %.2f", lo, hi)));
        }
        cx.html().paragraph("Where the answer flips: per GPU, correlation and keep ratio, at how many of the swept "
                + "image sparsities PowerInfer wins (or alone fits), the lowest image sparsity at which it wins, and "
                + "the range of its median speedups.");
        cx.html().table(List.of("model", "GPU", "GiB", "correlation", "kept", "PowerInfer wins", "image sparsity",
                "speedup"), table, new boolean[] {false, false, true, true, true, true, false, true});
        cx.html().sql("SQL: heatmap cells", CELLS).sql("SQL: where PowerInfer wins", REGIONS);
    }
}
