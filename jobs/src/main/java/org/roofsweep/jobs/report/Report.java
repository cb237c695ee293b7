package org.roofsweep.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.jfree.chart.JFreeChart;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.Units;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.query.CatalogViews;
import org.roofsweep.jobs.query.QueryText;
import org.roofsweep.jobs.query.Sql;
import org.roofsweep.jobs.query.SweepViews;

/**
 * Renders one sweep as a self-contained HTML page ({@code report.html}, figures embedded as PNG data URIs) with the
 * same figures as PNG files beside it: the summary of findings, PowerInfer-vs-dense speedup heatmaps over (batch,
 * sparsity) and (prompt, images), throughput against GPU memory, memory breakdowns and a roofline per GPU. Every
 * number comes from SQL over the sweep's tables; the statements are shown under each section.
 */
public final class Report {
    /** Heatmap and memory-breakdown panels: this many GPUs at most, spread over the memory range. */
    static final int FOCUS_GPUS = 4;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final Map<String, Color> SYSTEM_COLORS = Map.of("dense-gpu", new Color(0x1f77b4),
            "layer-offload", new Color(0xff7f0e), "powerinfer", new Color(0x2ca02c), "sparse-gpu",
            new Color(0x9467bd));
    /** Distinct outlines, so that systems at the same point stay visible. */
    private static final Map<String, Shape> SYSTEM_SHAPES = Map.of("dense-gpu", Charts.circle(14),
            "layer-offload", Charts.square(12), "powerinfer", Charts.diamond(16), "sparse-gpu", Charts.triangle(14));
    private static final Map<String, Color> PHASE_COLORS = Map.of("prefill", new Color(0xff7f0e), "decode",
            new Color(0x1f77b4), "vision", new Color(0x2ca02c));
    private static final List<String> DRAW_ORDER = List.of("vision", "prefill", "decode");
    private static final String IN_SCOPE = "LEFT JOIN gpus g ON g.key = %s.gpu LEFT JOIN models m ON m.key = %s.model";

    /** The page and the figure files written. */
    public record Output(Path html, List<Path> figures) {
    }

    private final SparkSession spark;
    private final Catalogs catalogs;
    private final Path out;
    private final int maxRooflines;
    private final List<String> views = new ArrayList<>();
    private final List<Path> figures = new ArrayList<>();
    private final List<Dataset<Row>> cached = new ArrayList<>();
    private Html html;

    private Report(SparkSession spark, Catalogs catalogs, Path out, int maxRooflines) {
        this.spark = spark;
        this.catalogs = catalogs;
        this.out = out;
        this.maxRooflines = maxRooflines;
    }

    /** Writes the report of the sweep in {@code sweep} to {@code out} (created if needed). */
    public static Output write(SparkSession spark, Path sweep, Path out, Catalogs catalogs, int maxRooflines) {
        System.setProperty("java.awt.headless", "true");
        Report r = new Report(spark, catalogs, out, maxRooflines);
        try {
            return r.render(sweep);
        } finally {
            r.cached.forEach(Dataset::unpersist);
        }
    }

    private Output render(Path sweep) {
        SweepViews.register(spark, List.of(sweep)).forEach(v -> views.add(v.name()));
        if (!views.contains("points")) {
            throw new UserException(sweep + " has no points table");
        }
        CatalogViews.register(spark, catalogs).forEach(v -> views.add(v.name()));
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserException("cannot create " + out + ": " + e.getMessage());
        }
        String name = SweepViews.sweepName(sweep);
        html = new Html("roofsweep report: " + name);
        html.heading(1, "roofsweep report: " + name);
        Row totals = rows("""
                SELECT count(*) AS n, count_if(fits) AS fitting, count(DISTINCT gpu) AS gpus,
                       count(DISTINCT model) AS models, array_join(array_sort(collect_set(system)), ', ') AS systems,
                       count_if(system = 'powerinfer') AS powerinfer,
                       count_if(system IN ('dense-gpu', 'layer-offload')) AS dense
                FROM points""", Map.of()).get(0);
        html.muted(String.format(Locale.ROOT, "%d points (%d fit in memory) over %d GPUs, %d models and the systems "
                + "%s. Regenerate with ./submit.sh report %s; query the same tables with ./submit.sh query.",
                totals.<Long>getAs("n"), totals.<Long>getAs("fitting"), totals.<Long>getAs("gpus"),
                totals.<Long>getAs("models"), totals.getAs("systems"), sweep.isAbsolute() ? sweep.getFileName()
                : sweep));
        Optional<Findings.Scope> scope = Optional.empty();
        boolean comparable = totals.<Long>getAs("powerinfer") > 0 && totals.<Long>getAs("dense") > 0;
        if (comparable) {
            // a join and an aggregate that the summary and the heatmaps read a dozen times: computed once, kept in
            // memory (spilling to disk). The points table itself stays on disk: Parquet reads only the columns a
            // query names, a cache would hold all of them.
            cache(Sql.userErrors(views, () -> spark.sql(Comparison.sql())), Comparison.VIEW);
            scope = summary();
        } else {
            html.heading(2, "Summary").paragraph("The sweep does not hold both PowerInfer and a dense system "
                    + "(dense-gpu or layer-offload), so there is no comparison to summarise.");
        }
        String model = focusModel(scope);
        if (model != null) {
            List<String> gpus = focusGpus(scope, model);
            if (comparable) {
                heatmaps(model, gpus);
            }
            throughputVsMemory(model);
            memoryBreakdowns(model, gpus);
        }
        rooflines(model);
        runInfo(sweep);
        Path page = out.resolve("report.html");
        try {
            Files.writeString(page, html.finish(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Output(page, List.copyOf(figures));
    }

    private void cache(Dataset<Row> df, String view) {
        Dataset<Row> kept = df.persist(StorageLevel.MEMORY_AND_DISK());
        kept.createOrReplaceTempView(view);
        cached.add(kept);
        if (!views.contains(view)) {
            views.add(view);
        }
    }

    private List<Row> rows(String sql, Map<String, Object> params) {
        return Sql.userErrors(views, () -> Sql.query(spark, new QueryText(sql, params), views).collectAsList());
    }

    /** The summary section; returns the scope it settled on (empty when no scope has PowerInfer points). */
    private Optional<Findings.Scope> summary() {
        html.heading(2, "Summary: PowerInfer vs dense systems on multi-modal models");
        String counts = Findings.SCOPES.stream().map(s -> "count_if(" + s.predicate() + ")")
                .collect(Collectors.joining(", "));
        Row present = rows("SELECT " + counts + " FROM pi_vs_dense v " + IN_SCOPE.formatted("v", "v"), Map.of())
                .get(0);
        Findings.Scope scope = null;
        for (int k = 0; k < Findings.SCOPES.size() && scope == null; k++) {
            scope = present.getLong(k) > 0 ? Findings.SCOPES.get(k) : null;
        }
        if (scope == null) {
            html.paragraph("No PowerInfer point has a dense counterpart with the same inputs.");
            return Optional.empty();
        }
        String where = scope.predicate();
        Row s = rows(Findings.SCOPE_SQL.formatted(where), Map.of()).get(0);
        int maxImages = s.getAs("max_images");
        String combosSql = Findings.COMBOS_SQL.formatted(where);
        List<Row> combos = rows(combosSql, Map.of("max_images", maxImages));
        List<Row> tokens = rows(Findings.IMAGE_TOKENS_SQL.formatted(where), Map.of());
        Row extremes = rows(Findings.EXTREMES_SQL.formatted(where), Map.of()).get(0);
        html.list("summary", Findings.sentences(scope, s, combos, tokens, extremes.getAs("best"),
                extremes.getAs("worst")));
        List<List<String>> table = new ArrayList<>();
        for (Row r : combos) {
            table.add(List.of(r.getAs("gpu"), r.getAs("model"), Long.toString(r.getAs("pi_points")),
                    Long.toString(r.getAs("powerinfer_only")), times(r, "text_e2e_speedup"),
                    times(r, "image_e2e_speedup"), times(r, "image_decode_speedup"), times(r, "image_ttft_ratio")));
        }
        html.paragraph("Per GPU and model (medians over the other inputs; \"with images\": "
                + Findings.images(maxImages) + " per request, the most the sweep holds; a dash: no point where both "
                + "fit). Speedups are PowerInfer's tokens/s over the best dense system's; the TTFT ratio is "
                + "PowerInfer's time to first token over the dense system's.");
        html.table(List.of("GPU", "model", "PowerInfer fits", "only PowerInfer fits", "e2e speedup, text only",
                "e2e speedup, with images", "decode speedup, with images", "TTFT ratio, with images"), table,
                new boolean[] {false, false, true, true, true, true, true, true});
        html.sql("SQL: the pi_vs_dense view (each PowerInfer point beside the best dense system)",
                Comparison.sql());
        html.sql("SQL: per GPU and model (:max_images = " + maxImages + ")", combosSql);
        html.sql("SQL: scope, image tokens, extremes", Findings.SCOPE_SQL.formatted(where) + "\n"
                + Findings.IMAGE_TOKENS_SQL.formatted(where) + "\n" + Findings.EXTREMES_SQL.formatted(where));
        return Optional.of(scope);
    }

    private static String times(Row r, String column) {
        Double v = r.getAs(column);
        return v == null ? "-" : Charts.times(v);
    }

    /** The model the figures follow: the in-scope model with the most PowerInfer points that fit. */
    private String focusModel(Optional<Findings.Scope> scope) {
        String sql = scope.isPresent() ? "SELECT v.model FROM pi_vs_dense v " + IN_SCOPE.formatted("v", "v")
                + " WHERE " + scope.get().predicate() + " GROUP BY v.model ORDER BY count_if(v.pi_fits) DESC, v.model"
                : "SELECT model FROM points GROUP BY model ORDER BY count_if(fits) DESC, model";
        List<Row> r = rows(sql + " LIMIT 1", Map.of());
        return r.isEmpty() ? null : r.get(0).getString(0);
    }

    /** Up to {@link #FOCUS_GPUS} GPUs that ran the model, in scope if any is, spread evenly over their memory. */
    private List<String> focusGpus(Optional<Findings.Scope> scope, String model) {
        String where = scope.map(Findings.Scope::predicate).orElse("false");
        List<Row> all = rows("SELECT p.gpu, " + where + " AS in_scope FROM points p " + IN_SCOPE.formatted("p", "p")
                + " WHERE p.model = :model GROUP BY p.gpu, g.memory_gib, in_scope ORDER BY g.memory_gib, p.gpu",
                Map.of("model", model));
        List<Row> inScope = all.stream().filter(r -> r.getBoolean(1)).toList();
        List<Row> r = inScope.isEmpty() ? all : inScope;
        TreeSet<Integer> picks = new TreeSet<>();
        int k = Math.min(FOCUS_GPUS, r.size());
        for (int i = 0; i < k; i++) {
            picks.add(k == 1 ? 0 : (int) Math.round((double) i * (r.size() - 1) / (k - 1)));
        }
        return picks.stream().map(i -> r.get(i).getString(0)).toList();
    }

    private void heatmaps(String model, List<String> gpus) {
        html.heading(2, "PowerInfer's speedup over the best dense system: " + model);
        html.paragraph("Each cell: the median, over the other swept inputs, of PowerInfer's end-to-end tokens/s "
                + "divided by the faster of dense-gpu and layer-offload at the same inputs, where both fit. Blue: "
                + "PowerInfer faster; red: slower. \"PI only\": only PowerInfer fits; \"PI OOM\": PowerInfer does "
                + "not fit.");
        String sql = """
                SELECT gpu, %1$s AS x, %2$s AS y, median(e2e_speedup) AS speedup,
                       count_if(pi_fits AND NOT dense_fits) AS pi_only
                FROM pi_vs_dense WHERE model = :model
                GROUP BY gpu, %1$s, %2$s
                """;
        Map<String, Object> p = Map.of("model", model);
        List<Row> bySparsity = rows(sql.formatted("batch", "sparsity"), p);
        List<Row> byImages = rows(sql.formatted("prompt_tokens", "images"), p);
        for (String gpu : gpus) {
            heatmap(gpu, model, bySparsity, "batch size (concurrent sequences)",
                    "FFN activation sparsity (fraction of neurons inactive)",
                    "speedup_batch_sparsity_" + gpu + "_" + model + ".png");
            heatmap(gpu, model, byImages, "prompt length (text tokens)", "images per request",
                    "speedup_prompt_images_" + gpu + "_" + model + ".png");
        }
        html.sql("SQL: heatmap cells (x, y = batch, sparsity or prompt_tokens, images)",
                sql.formatted("batch", "sparsity"));
    }

    private void heatmap(String gpu, String model, List<Row> allCells, String xLabel, String yLabel, String file) {
        List<Row> cells = allCells.stream().filter(c -> c.getAs("gpu").equals(gpu)).toList();
        List<Double> xs = cells.stream().map(c -> ((Number) c.getAs("x")).doubleValue()).distinct().sorted().toList();
        List<Double> ys = cells.stream().map(c -> ((Number) c.getAs("y")).doubleValue()).distinct().sorted().toList();
        double[][] z = new double[xs.size()][ys.size()];
        for (double[] column : z) {
            Arrays.fill(column, Double.NaN);
        }
        for (Row c : cells) {
            int i = xs.indexOf(((Number) c.getAs("x")).doubleValue());
            int j = ys.indexOf(((Number) c.getAs("y")).doubleValue());
            Double v = c.getAs("speedup");
            z[i][j] = v != null ? v : c.<Long>getAs("pi_only") > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        JFreeChart chart = Charts.heatmap("PowerInfer ÷ best dense, e2e tokens/s: " + model + " on " + gpu,
                "median over the other swept inputs", xLabel, labels(xs), yLabel, labels(ys), z);
        figure(chart, file, "speedup heatmap " + gpu + " " + model, "Speedup of PowerInfer on " + gpu + ": "
                + yLabel + " against " + xLabel + ".");
    }

    private static String[] labels(List<Double> values) {
        return values.stream().map(Findings::decimal).toArray(String[]::new);
    }

    private void throughputVsMemory(String model) {
        html.heading(2, "Throughput against GPU memory: " + model);
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
        List<Row> rows = rows(sql, Map.of("model", model));
        if (rows.isEmpty()) {
            html.paragraph("No point of " + model + " fits on a GPU of the catalog.");
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
            bySystem.computeIfAbsent(r.getAs("system"), k -> new ArrayList<>())
                    .add(new Charts.Point(r.getAs("memory_gib"), y, label ? gpu : null));
        }
        double lo = rows.stream().mapToDouble(r -> r.getAs("tokens_per_s")).min().orElse(1);
        double hi = rows.stream().mapToDouble(r -> r.getAs("tokens_per_s")).max().orElse(1);
        List<Charts.Series> series = new ArrayList<>();
        bySystem.forEach((system, points) -> series.add(new Charts.Series(system, color(system),
                SYSTEM_SHAPES.getOrDefault(system, Charts.circle(12)), points)));
        Row first = rows.get(0);
        JFreeChart chart = Charts.scatter("End-to-end tokens/s against GPU memory: " + model,
                String.format(Locale.ROOT, "batch %d, %s per request; median over the other swept inputs where the "
                        + "system fits", first.<Integer>getAs("batch"), Findings.images(first.getAs("images"))),
                "GPU memory (GiB)", "end-to-end tokens/s", hi > 10 * lo, series);
        figure(chart, "tokens_vs_memory_" + model + ".png", "tokens/s against GPU memory",
                "Each point is one GPU (labelled) and system; a missing point does not fit.");
        html.sql("SQL: throughput against memory", sql);
    }

    private void memoryBreakdowns(String model, List<String> gpus) {
        html.heading(2, "Where the memory goes: " + model);
        html.paragraph("At the largest request PowerInfer fits on each GPU (most images, longest prompt, largest "
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
        List<Row> all = rows(sql, Map.of("model", model));
        for (String gpu : gpus) {
            List<Row> systems = all.stream().filter(r -> r.getAs("gpu").equals(gpu)).toList();
            if (!systems.isEmpty()) {
                memoryBreakdown(model, gpu, systems);
            }
        }
        html.sql("SQL: every system at the reference request of each GPU", sql);
    }

    private void memoryBreakdown(String model, String gpu, List<Row> systems) {
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
        double capacity = catalogs.hardware().gpu(gpu).map(g -> g.memoryBytes() / Units.GIB).orElse(0.0);
        JFreeChart chart = Charts.stackedBars("Memory of " + model + " on " + gpu,
                String.format(Locale.ROOT, "batch %d, prompt %d tokens, %s, sparsity %s",
                        r.<Integer>getAs("batch"), r.<Integer>getAs("prompt_tokens"),
                        Findings.images(r.<Integer>getAs("images")),
                        Findings.decimal(r.getAs("sparsity"))),
                categories, parts, "memory (GiB)", capacity, String.format(Locale.ROOT, "%s: %.0f GiB", gpu,
                        capacity));
        figure(chart, "memory_" + gpu + "_" + model + ".png", "memory breakdown " + gpu,
                "Memory breakdown on " + gpu + ".");
    }

    private static double gib(Row r, String column) {
        Double v = r.getAs(column);
        return v == null ? 0 : v;
    }

    private void rooflines(String focusModel) {
        html.heading(2, "Rooflines");
        boolean table = views.contains("operators");
        String sql = """
                WITH choice AS (
                  SELECT gpu, model, row_number() OVER (PARTITION BY gpu
                                       ORDER BY model = :focus DESC, count_if(fits) DESC, model) AS rank
                  FROM points GROUP BY gpu, model),
                ranked AS (
                  SELECT p.*,
                         row_number() OVER (PARTITION BY p.gpu ORDER BY p.fits DESC, p.images DESC,
                                            p.prompt_tokens DESC, p.batch DESC, p.point_id) AS large,
                         row_number() OVER (PARTITION BY p.gpu ORDER BY p.fits DESC, p.images DESC,
                                            p.prompt_tokens DESC, p.batch ASC, p.point_id) AS small
                  FROM points p JOIN choice c ON c.gpu = p.gpu AND c.model = p.model AND c.rank = 1)
                SELECT r.* FROM ranked r LEFT JOIN gpus g ON g.key = r.gpu
                WHERE r.small = 1 OR r.large = 1
                ORDER BY g.memory_gib, r.gpu, r.batch
                """;
        List<Row> picked = rows(sql, Map.of("focus", focusModel == null ? "" : focusModel));
        List<String> gpus = picked.stream().map(r -> r.<String>getAs("gpu")).distinct().toList();
        if (gpus.size() > maxRooflines) {
            html.muted("Showing " + maxRooflines + " of " + gpus.size() + " GPUs, smallest memory first; raise "
                    + "--max-rooflines for more.");
        }
        TreeSet<String> sources = new TreeSet<>();
        for (String gpu : gpus.subList(0, Math.min(maxRooflines, gpus.size()))) {
            roofline(gpu, picked.stream().filter(r -> r.getAs("gpu").equals(gpu)).toList(), table)
                    .ifPresent(sources::add);
        }
        if (!sources.isEmpty()) {
            html.muted("Operator rows: " + String.join("; ", sources) + ". The ceilings are the GPU's peak FLOP/s "
                    + "and bandwidth derated by its family's efficiency factors (configs/calibration.json); every "
                    + "operator sits on the roof because the cost model times each as max(FLOPs / peak, bytes / "
                    + "bandwidth).");
        }
        html.sql("SQL: the points placed on each roofline (smallest and largest batch)", sql);
    }

    /** One GPU's roofline with the operators of its chosen points; returns where the operators came from. */
    private Optional<String> roofline(String gpu, List<Row> points, boolean table) {
        List<Charts.Series> series = new ArrayList<>();
        double peak = 0;
        double bandwidth = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        String source = null;
        for (int k = 0; k < points.size(); k++) {
            Row pt = points.get(k);
            Optional<Operators.Placed> placed = Operators.of(spark, table, pt, catalogs);
            if (placed.isEmpty()) {
                continue;
            }
            source = placed.get().source();
            peak = placed.get().peakFlopsPerSecond();
            bandwidth = placed.get().peakBytesPerSecond();
            Shape shape = k == 0 ? Charts.circle(9) : Charts.square(10);
            Map<String, List<Charts.Point>> byPhase = new LinkedHashMap<>();
            for (Operators.Op op : placed.get().ops()) {
                if (op.attainedFlopsPerSecond() > 0 && Double.isFinite(op.intensity()) && op.intensity() > 0) {
                    lo = Math.min(lo, op.intensity());
                    hi = Math.max(hi, op.intensity());
                    byPhase.computeIfAbsent(phaseGroup(op.phase()), x -> new ArrayList<>())
                            .add(new Charts.Point(op.intensity(), op.attainedFlopsPerSecond(), null));
                }
            }
            int batch = pt.getAs("batch");
            byPhase.forEach((phase, ops) -> series.add(new Charts.Series(phase + " ops, batch " + batch,
                    PHASE_COLORS.getOrDefault(phase, Color.DARK_GRAY), shape, ops)));
        }
        // decode last, so that it is drawn on top of the prefill ops that share its intensity
        series.sort(java.util.Comparator.comparingInt(x -> DRAW_ORDER.indexOf(x.name().split(" ")[0])));
        Row ref = points.get(points.size() - 1);
        String model = ref.getAs("model");
        if (series.isEmpty() || !(peak > 0) || !(bandwidth > 0)) {
            html.muted("No operators for " + gpu + ": " + model + " or its platform is not in the catalog.");
            return Optional.empty();
        }
        JFreeChart chart = Charts.roofline("Roofline of " + gpu + ": " + model,
                String.format(Locale.ROOT, "operators of one layer, the head and the vision tower; prompt %d tokens, "
                        + "%s", ref.<Integer>getAs("prompt_tokens"), Findings.images(ref.<Integer>getAs("images"))),
                peak, bandwidth, series, lo, hi);
        String batches = points.stream().map(x -> x.getAs("batch").toString()).distinct()
                .collect(Collectors.joining(" and "));
        figure(chart, "roofline_" + gpu + ".png", "roofline " + gpu, "Operators of " + model + " on " + gpu
                + " at batch " + batches + ".");
        return Optional.ofNullable(source);
    }

    private static String phaseGroup(String phase) {
        return phase.startsWith("prefill") ? "prefill" : phase.startsWith("decode") ? "decode"
                : phase.startsWith("vision") ? "vision" : phase;
    }

    private static Paint color(String system) {
        return SYSTEM_COLORS.getOrDefault(system, Color.DARK_GRAY);
    }

    private void runInfo(Path sweep) {
        Path run = sweep.resolve("run.json");
        if (!Files.isRegularFile(run)) {
            return;
        }
        html.heading(2, "Run");
        try {
            JsonNode root = new ObjectMapper().readTree(run.toFile());
            List<List<String>> rows = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode()) {
                    rows.add(List.of(e.getKey(), e.getValue().asText()));
                }
            }
            html.table(List.of("run.json field", "value"), rows, new boolean[] {false, false});
        } catch (IOException e) {
            html.muted("run.json is unreadable: " + e.getMessage());
        }
    }

    private void figure(JFreeChart chart, String file, String alt, String caption) {
        byte[] png = Charts.png(chart, WIDTH, HEIGHT);
        Path target = out.resolve(file);
        try {
            Files.write(target, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        figures.add(target);
        html.figure(png, file, alt, caption);
    }
}
