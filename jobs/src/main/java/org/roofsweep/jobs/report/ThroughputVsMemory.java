package org.roofsweep.jobs.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Each system's e2e tokens/s against the memory of each GPU, for the focus model. */
final class ThroughputVsMemory {
    private static final Map<String, Color> SYSTEM_COLORS = Map.of("dense-gpu", new Color(0x1f77b4),
            "layer-offload", new Color(0xff7f0e), "powerinfer", new Color(0x2ca02c), "sparse-gpu",
            new Color(0x9467bd), "cpu-only", new Color(0x8c564b));
    /** Distinct outlines, so that systems at the same point stay visible. */
    private static final Map<String, Shape> SYSTEM_SHAPES = Map.of("dense-gpu", Charts.circle(14),
            "layer-offload", Charts.square(12), "powerinfer", Charts.diamond(16), "sparse-gpu", Charts.triangle(14),
            "cpu-only", Charts.circle(8));

    private ThroughputVsMemory() {
    }

    static void write(ReportContext cx, String model) {
        cx.html().heading(2, "Throughput against GPU memory: " + model);
        String sql = """
                WITH request AS (
                  SELECT min(batch) AS batch, max(images) AS images FROM points WHERE model = :model)
                SELECT p.system, p.gpu, g.memory_gib, median(p.e2e_tokens_per_s) AS tokens_per_s,
                       first(r.batch) AS batch, first(r.images) AS images
                FROM points p JOIN request r ON p.batch = r.batch AND p.images = r.images
                  JOIN gpus g ON g.key = p.gpu
                WHERE p.model = :model AND p.fits
                GROUP BY p.system, p.gpu, g.memory_gib
                ORDER BY p.system, g.memory_gib
                """;
        List<Row> rows = cx.rows(sql, Map.of("model", model));
        if (rows.isEmpty()) {
            cx.html().paragraph("No point of " + model + " fits on a GPU of the catalog.");
            return;
        }
        Map<String, Double> top = new LinkedHashMap<>();
        rows.forEach(r -> top.merge(r.getAs("gpu"), r.getAs("tokens_per_s"), Math::max));
        Map<String, List<Charts.Point>> bySystem = new LinkedHashMap<>();
        for (Row r : rows) {
            double y = r.getAs("tokens_per_s");
            String gpu = r.getAs("gpu");
            // each GPU named once, beside its highest point
            boolean label = top.get(gpu) == y;
            if (label) {
                top.put(gpu, Double.NaN);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("GPU", gpu);
            info.put("GPU memory (GiB)", Answer.significant(r.getAs("memory_gib")));
            info.put("batch", r.<Integer>getAs("batch"));
            info.put("images per request", r.<Integer>getAs("images"));
            info.put("median e2e tokens/s", Answer.significant(y));
            bySystem.computeIfAbsent(r.getAs("system"), k -> new ArrayList<>())
                    .add(new Charts.Point(r.getAs("memory_gib"), y, label ? gpu : null, info));
        }
        double lo = rows.stream().mapToDouble(r -> r.getAs("tokens_per_s")).min().orElse(1);
        double hi = rows.stream().mapToDouble(r -> r.getAs("tokens_per_s")).max().orElse(1);
        List<Charts.Series> series = new ArrayList<>();
        bySystem.forEach((system, points) -> series.add(new Charts.Series(system, color(system),
                SYSTEM_SHAPES.getOrDefault(system, Charts.circle(12)), points)));
        Row first = rows.get(0);
        String title = "End-to-end tokens/s against GPU memory: " + model;
        String subtitle = String.format(Locale.ROOT, "batch %d, %s per request; median over the other swept inputs "
                + "where the system fits", first.<Integer>getAs("batch"), Findings.images(first.getAs("images")));
        boolean logY = hi > 10 * lo;
        String png = cx.png(Charts.scatter(title, subtitle, "GPU memory (GiB)", "end-to-end tokens/s", logY, series),
                "tokens_vs_memory_" + model + ".png");
        cx.chart(ChartSpec.of(Interactive.scatter(title, subtitle, "GPU memory (GiB)", "end-to-end tokens/s", false,
                logY, series)), "Each point is one GPU and system; a missing point does not fit.", List.of(png));
        cx.html().sql("SQL: throughput against memory", sql);
    }

    private static Paint color(String system) {
        return SYSTEM_COLORS.getOrDefault(system, Color.DARK_GRAY);
    }
}
