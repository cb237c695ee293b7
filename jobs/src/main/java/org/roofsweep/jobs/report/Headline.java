package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The report's first screen: does PowerInfer's advantage survive images on consumer GPUs, in speed and in memory?
 * Beside each other, PowerInfer's median e2e speedup over the best dense system against images per request (one line
 * per GPU memory class; real models solid, hypothetical sparse-backbone variants dashed) and each system's tokens/s
 * per GiB of GPU memory; under them the answer in sentences ({@link Answer}). What the sweep cannot show (no
 * multi-modal model, no PowerInfer or dense point) is said instead of drawn.
 */
final class Headline {
    /** What the sweep holds, for the choice of scope and of what can be drawn. */
    static final String PRESENT_SQL = """
            SELECT count_if(m.multimodal) AS multimodal, count_if(m.multimodal AND g.consumer) AS consumer_multimodal,
                   count_if(p.system = 'powerinfer') AS powerinfer, count_if(p.system IN (%s)) AS dense
            FROM points p JOIN gpus g ON g.key = p.gpu JOIN models m ON m.key = p.model
            """;
    /** Median speedup per GPU memory class (GiB, rounded), real or hypothetical model, and images per request. */
    static final String SPEEDUP_SQL = """
            SELECT CAST(round(g.memory_gib) AS INT) AS memory_class, m.hypothetical, v.images,
                   median(v.e2e_speedup) AS speedup, count(v.e2e_speedup) AS pairs,
                   count_if(v.pi_fits AND NOT v.dense_fits) AS pi_only, count_if(v.pi_fits) AS pi_fits
            FROM pi_vs_dense v JOIN gpus g ON g.key = v.gpu JOIN models m ON m.key = v.model
            WHERE m.multimodal AND %s
            GROUP BY CAST(round(g.memory_gib) AS INT), m.hypothetical, v.images
            ORDER BY m.hypothetical, memory_class, v.images
            """;
    /** The same medians over every GPU class of the scope. */
    static final String OVERALL_SQL = """
            SELECT m.hypothetical, v.images, median(v.e2e_speedup) AS speedup, count(v.e2e_speedup) AS pairs,
                   count_if(v.pi_fits AND NOT v.dense_fits) AS pi_only, count_if(v.pi_fits) AS pi_fits
            FROM pi_vs_dense v JOIN gpus g ON g.key = v.gpu JOIN models m ON m.key = v.model
            WHERE m.multimodal AND %s
            GROUP BY m.hypothetical, v.images
            ORDER BY m.hypothetical, v.images
            """;
    /** The GPUs and models behind each line. */
    static final String MEMBERS_SQL = """
            SELECT DISTINCT CAST(round(g.memory_gib) AS INT) AS memory_class, p.gpu, m.hypothetical, p.model
            FROM points p JOIN gpus g ON g.key = p.gpu JOIN models m ON m.key = p.model
            WHERE m.multimodal AND %s
            """;
    /** Tokens/s per GiB of GPU memory a system uses, over the real multi-modal points where it fits. */
    static final String EFFICIENCY_SQL = """
            SELECT p.system, p.images,
                   median(p.e2e_tokens_per_s / NULLIF(p.gpu_used_gib, 0)) AS tokens_per_s_per_gib,
                   median(p.e2e_tokens_per_s) AS tokens_per_s, median(p.gpu_used_gib) AS gpu_gib, count(*) AS points
            FROM points p JOIN gpus g ON g.key = p.gpu JOIN models m ON m.key = p.model
            WHERE p.fits AND m.multimodal AND NOT m.hypothetical AND %s
            GROUP BY p.system, p.images
            ORDER BY p.system, p.images
            """;
    private static final List<String> PALETTE = List.of("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de",
            "#3ba272", "#fc8452", "#9a60b4");

    private Headline() {
    }

    static void write(ReportContext cx) {
        cx.html().heading(2, "Does PowerInfer's advantage survive images on consumer GPUs?");
        Row present = cx.rows(PRESENT_SQL.formatted(Comparison.denseSystems()), Map.of()).get(0);
        if (present.getLong(0) == 0) {
            cx.html().answer("This sweep holds no multi-modal (LLaVA-class) model, so it cannot show how images per "
                    + "request change PowerInfer's speedup or memory efficiency; add one (llava_1_5_7b, say) to its "
                    + "models. The sections below cover the text-only models it holds.");
            return;
        }
        boolean consumer = present.getLong(1) > 0;
        String gpus = consumer ? "g.consumer" : "true";
        String where = consumer ? "consumer GPUs" : "the sweep's GPUs (it holds no consumer GPU)";
        boolean comparable = present.getLong(2) > 0 && present.getLong(3) > 0;
        List<Row> efficiency = cx.rows(EFFICIENCY_SQL.formatted(gpus), Map.of());
        Members members = members(cx.rows(MEMBERS_SQL.formatted(gpus), Map.of()));
        cx.html().pair();
        if (comparable) {
            cx.chart(ChartSpec.of(speedupOption(cx.rows(SPEEDUP_SQL.formatted(gpus), Map.of()), members, where)),
                    "PowerInfer's end-to-end tokens/s over the best dense system's (dense-gpu or layer-offload, same "
                            + "inputs), median per GPU memory class; a gap: no point where both fit.", List.of());
        }
        if (!efficiency.isEmpty()) {
            cx.chart(ChartSpec.of(efficiencyOption(efficiency, where)), "End-to-end tokens/s per GiB of GPU memory "
                    + "the system uses, median over the real multi-modal points where it fits.", List.of());
        }
        cx.html().endPair();
        List<String> answer = new ArrayList<>();
        if (comparable) {
            answer.addAll(Answer.speed(where, members, cx.rows(OVERALL_SQL.formatted(gpus), Map.of()),
                    cx.rows(SPEEDUP_SQL.formatted(gpus), Map.of())));
        } else {
            answer.add("This sweep does not hold both PowerInfer and a dense system (dense-gpu or layer-offload), so "
                    + "it cannot show PowerInfer's speedup; add both to its systems.");
        }
        Answer.memory(efficiency).ifPresent(answer::add);
        answer.forEach(cx.html()::answer);
        cx.html().sql("SQL: the headline charts and sentences", SPEEDUP_SQL.formatted(gpus) + "\n"
                + OVERALL_SQL.formatted(gpus) + "\n" + EFFICIENCY_SQL.formatted(gpus));
    }

    /** The GPUs of each memory class and the models of each kind (real: false, hypothetical: true). */
    record Members(Map<Integer, TreeSet<String>> gpusByClass, Map<Boolean, TreeSet<String>> modelsByKind) {
        String gpus(int memoryClass) {
            return String.join(", ", gpusByClass.getOrDefault(memoryClass, new TreeSet<>()));
        }

        String models(boolean hypothetical) {
            return String.join(", ", modelsByKind.getOrDefault(hypothetical, new TreeSet<>()));
        }
    }

    private static Members members(List<Row> rows) {
        Map<Integer, TreeSet<String>> gpus = new TreeMap<>();
        Map<Boolean, TreeSet<String>> models = new TreeMap<>();
        for (Row r : rows) {
            gpus.computeIfAbsent(r.getInt(0), k -> new TreeSet<>()).add(r.getString(1));
            models.computeIfAbsent(r.getBoolean(2), k -> new TreeSet<>()).add(r.getString(3));
        }
        return new Members(gpus, models);
    }

    private static Map<String, Object> speedupOption(List<Row> rows, Members members, String where) {
        List<String> images = rows.stream().map(r -> r.<Integer>getAs("images")).distinct().sorted()
                .map(String::valueOf).toList();
        List<Integer> classes = rows.stream().map(r -> r.<Integer>getAs("memory_class")).distinct().sorted().toList();
        Map<String, List<Object>> lines = new LinkedHashMap<>();
        Map<String, Map<String, Object>> styles = new LinkedHashMap<>();
        for (Row r : rows) {
            int memoryClass = r.getAs("memory_class");
            boolean hypothetical = r.getAs("hypothetical");
            String name = memoryClass + " GB" + (hypothetical ? ", hypothetical sparse backbone" : "");
            String color = PALETTE.get(classes.indexOf(memoryClass) % PALETTE.size());
            styles.computeIfAbsent(name, k -> Map.of("itemStyle", Map.of("color", color), "lineStyle",
                    Map.of("type", hypothetical ? "dashed" : "solid", "width", 2.5), "symbolSize", 9,
                    "connectNulls", false));
            List<Object> data = lines.computeIfAbsent(name, k -> new ArrayList<>(images.stream()
                    .map(x -> (Object) "-").toList()));
            Double speedup = r.getAs("speedup");
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("GPUs", members.gpus(memoryClass));
            info.put("models", members.models(hypothetical));
            info.put("images per request", r.<Integer>getAs("images"));
            info.put("median e2e speedup", speedup == null ? "no point where both fit" : Answer.ratio(speedup));
            info.put("points where both fit", r.<Long>getAs("pairs"));
            info.put("points where only PowerInfer fits", r.<Long>getAs("pi_only"));
            data.set(images.indexOf(String.valueOf(r.<Integer>getAs("images"))), ChartSpec.item(
                    List.of(String.valueOf(r.<Integer>getAs("images")), speedup == null ? "-" : speedup), info));
        }
        Map<String, Object> o = ChartSpec.option("PowerInfer ÷ best dense, e2e tokens/s",
                "multi-modal models on " + where + "; dashed: hypothetical sparse-backbone variants");
        o.put("xAxis", ChartSpec.axis("category", "images per request", images));
        o.put("yAxis", ChartSpec.axis("value", "speedup (×)", null));
        List<Object> series = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<String, List<Object>> e : lines.entrySet()) {
            Map<String, Object> extra = new LinkedHashMap<>(styles.get(e.getKey()));
            if (first) {
                // parity: above the line PowerInfer is faster
                extra.put("markLine", Map.of("silent", true, "symbol", "none", "lineStyle", Map.of("color", "#999"),
                        "data", List.of(Map.of("yAxis", 1, "name", "parity")), "label", Map.of("formatter", "1×")));
                first = false;
            }
            series.add(ChartSpec.series("line", e.getKey(), e.getValue(), extra));
        }
        o.put("series", series);
        return o;
    }

    private static Map<String, Object> efficiencyOption(List<Row> rows, String where) {
        List<String> images = rows.stream().map(r -> r.<Integer>getAs("images")).distinct().sorted()
                .map(String::valueOf).toList();
        Map<String, List<Object>> bySystem = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Object> data = bySystem.computeIfAbsent(r.getAs("system"), k -> new ArrayList<>(images.stream()
                    .map(x -> (Object) "-").toList()));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("images per request", r.<Integer>getAs("images"));
            info.put("median tokens/s per GiB", Answer.significant(r.getAs("tokens_per_s_per_gib")));
            info.put("median e2e tokens/s", Answer.significant(r.getAs("tokens_per_s")));
            info.put("median GPU memory used (GiB)", Answer.significant(r.getAs("gpu_gib")));
            info.put("points where it fits", r.<Long>getAs("points"));
            String x = String.valueOf(r.<Integer>getAs("images"));
            data.set(images.indexOf(x), ChartSpec.item(List.of(x, r.<Double>getAs("tokens_per_s_per_gib")), info));
        }
        Map<String, Object> o = ChartSpec.option("Memory efficiency: e2e tokens/s per GiB of GPU memory",
                "real multi-modal models on " + where);
        o.put("xAxis", ChartSpec.axis("category", "images per request", images));
        o.put("yAxis", ChartSpec.axis("value", "tokens/s per GiB", null));
        List<Object> series = new ArrayList<>();
        bySystem.forEach((system, data) -> series.add(ChartSpec.series("bar", system, data, Map.of())));
        o.put("series", series);
        return o;
    }
}
