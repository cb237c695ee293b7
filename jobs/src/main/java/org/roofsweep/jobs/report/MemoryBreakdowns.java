package org.roofsweep.jobs.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.roofsweep.core.Units;

/** What each system places in GPU and host memory at the largest request PowerInfer fits on each focus GPU. */
final class MemoryBreakdowns {
    private MemoryBreakdowns() {
    }

    static void write(ReportContext cx, String model, List<String> gpus) {
        cx.html().heading(2, "Where the memory goes: " + model);
        cx.html().paragraph("At the largest request PowerInfer fits on each GPU (most images, longest prompt, largest "
                + "batch), what each system places in GPU memory (left stack) and host memory (right stack). A system "
                + "marked \"does not fit\" would need what its bar shows.");
        String on = Comparison.inputs().stream().map(c -> "p." + c + " <=> r." + c)
                .collect(Collectors.joining(" AND "));
        String sql = """
                WITH ranked AS (
                  SELECT *, row_number() OVER (PARTITION BY gpu ORDER BY (system = 'powerinfer' AND fits) DESC,
                                               images DESC, prompt_tokens DESC, batch DESC, point_id) AS rank
                  FROM points WHERE model = :model)
                SELECT p.* FROM points p JOIN ranked r ON r.rank = 1 AND %s
                WHERE p.model = :model
                ORDER BY p.gpu, p.system
                """.formatted(on);
        List<Row> all = cx.rows(sql, Map.of("model", model));
        List<ChartSpec.Choice> choices = new ArrayList<>();
        List<String> pngs = new ArrayList<>();
        for (String gpu : gpus) {
            List<Row> systems = all.stream().filter(r -> r.getAs("gpu").equals(gpu)).toList();
            if (!systems.isEmpty()) {
                choices.add(memoryBreakdown(cx, model, gpu, systems, pngs));
            }
        }
        if (!choices.isEmpty()) {
            cx.chart(new ChartSpec("GPU", choices), "Memory breakdown of each system on the chosen GPU.", pngs);
        }
        cx.html().sql("SQL: every system at the reference request of each GPU", sql);
    }

    private static ChartSpec.Choice memoryBreakdown(ReportContext cx, String model, String gpu, List<Row> systems,
            List<String> pngs) {
        String[] categories = new String[systems.size()];
        double[][] v = new double[6][systems.size()];
        for (int k = 0; k < systems.size(); k++) {
            Row s = systems.get(k);
            categories[k] = s.<String>getAs("system") + (s.<Boolean>getAs("fits") ? "" : " (does not fit)");
            double weights = gib(s, "gpu_weights_gib");
            double vision = Math.min(gib(s, "vision_weights_gib"), weights);
            double kv = gib(s, "gpu_kv_gib");
            double act = gib(s, "gpu_activations_gib");
            v[0][k] = weights - vision;
            v[1][k] = vision;
            v[2][k] = kv;
            v[3][k] = act;
            v[4][k] = Math.max(0, gib(s, "gpu_used_gib") - weights - kv - act);
            v[5][k] = gib(s, "host_used_gib");
        }
        List<Charts.Component> parts = List.of(
                new Charts.Component("GPU: LLM weights", "GPU", new Color(0x1f77b4), v[0]),
                new Charts.Component("GPU: vision tower", "GPU", new Color(0x2ca02c), v[1]),
                new Charts.Component("GPU: KV cache", "GPU", new Color(0x9467bd), v[2]),
                new Charts.Component("GPU: activations", "GPU", new Color(0xff7f0e), v[3]),
                new Charts.Component("GPU: runtime reserve", "GPU", new Color(0xaaaaaa), v[4]),
                new Charts.Component("host: weights + KV", "host", new Color(0x8c564b), v[5]));
        Row r = systems.get(0);
        double capacity = cx.catalogs().hardware().gpu(gpu).map(g -> g.memoryBytes() / Units.GIB).orElse(0.0);
        String title = "Memory of " + model + " on " + gpu;
        String subtitle = String.format(Locale.ROOT, "batch %d, prompt %d tokens, %s, sparsity %s",
                r.<Integer>getAs("batch"), r.<Integer>getAs("prompt_tokens"),
                Findings.images(r.<Integer>getAs("images")), Findings.decimal(r.getAs("sparsity")));
        String capacityLabel = String.format(Locale.ROOT, "%s: %.0f GiB", gpu, capacity);
        pngs.add(cx.png(Charts.stackedBars(title, subtitle, categories, parts, "memory (GiB)", capacity,
                capacityLabel), "memory_" + gpu + "_" + model + ".png"));
        return new ChartSpec.Choice(gpu, Interactive.stackedBars(title, subtitle, categories, parts, "memory (GiB)",
                capacity, capacityLabel));
    }

    private static double gib(Row r, String column) {
        Double v = r.getAs(column);
        return v == null ? 0 : v;
    }
}
