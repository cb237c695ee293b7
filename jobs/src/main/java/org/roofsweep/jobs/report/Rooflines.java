package org.roofsweep.jobs.report;

import java.awt.Color;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * Rooflines with the operators of a small and a large request: on the page for every GPU and model (a selector picks
 * one), as a PNG file per GPU for its most-fitting model (the focus model first).
 */
final class Rooflines {
    private static final Map<String, Color> PHASE_COLORS = Map.of("prefill", new Color(0xff7f0e), "decode",
            new Color(0x1f77b4), "vision", new Color(0x2ca02c));
    private static final List<String> DRAW_ORDER = List.of("vision", "prefill", "decode");
    /**
     * Per GPU and model: its rank among the GPU's models, and the smallest and largest request that fit best, as
     * point ids in drawing order. The windows rank only the columns they order by, and {@link #write} reads the picked
     * rows in full by id: ranking whole rows of a million-point table sorted every column (the report's slowest step).
     */
    static final String SQL = """
            WITH choice AS (
              SELECT gpu, model, row_number() OVER (PARTITION BY gpu
                                   ORDER BY model = :focus DESC, count_if(fits) DESC, model) AS rank
              FROM points GROUP BY gpu, model),
            ranked AS (
              SELECT p.point_id, p.gpu, p.batch, c.rank,
                     row_number() OVER (PARTITION BY p.gpu, p.model ORDER BY p.fits DESC, p.images DESC,
                                        p.prompt_tokens DESC, p.batch DESC, p.point_id) AS large,
                     row_number() OVER (PARTITION BY p.gpu, p.model ORDER BY p.fits DESC, p.images DESC,
                                        p.prompt_tokens DESC, p.batch ASC, p.point_id) AS small
              FROM points p JOIN choice c ON c.gpu = p.gpu AND c.model = p.model)
            SELECT r.point_id, r.rank FROM ranked r LEFT JOIN gpus g ON g.key = r.gpu
            WHERE r.small = 1 OR r.large = 1
            ORDER BY g.memory_gib, r.gpu, r.rank, r.batch
            """;

    private Rooflines() {
    }

    private static long id(Row r) {
        return ((Number) r.getAs("point_id")).longValue();
    }

    static void write(ReportContext cx, String focusModel, int maxRooflines) {
        cx.html().heading(2, "Rooflines");
        List<Row> ids = cx.rows(SQL, Map.of("focus", focusModel == null ? "" : focusModel));
        Map<Long, Integer> rank = new HashMap<>();
        ids.forEach(r -> rank.put(id(r), ((Number) r.getAs("rank")).intValue()));
        Map<Long, Row> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            // literal ids: the engines skip the Parquet row groups whose point_id range holds none of them
            String in = ids.stream().map(r -> Long.toString(id(r))).collect(Collectors.joining(", "));
            cx.rows("SELECT * FROM points WHERE point_id IN (" + in + ")", Map.of()).forEach(r -> rows.put(id(r), r));
        }
        List<Row> picked = ids.stream().map(r -> rows.get(id(r))).toList();
        List<String> gpus = picked.stream().map(r -> r.<String>getAs("gpu")).distinct().toList();
        if (gpus.size() > maxRooflines) {
            cx.html().muted("Showing " + maxRooflines + " of " + gpus.size() + " GPUs, smallest memory first; raise "
                    + "--max-rooflines for more.");
        }
        List<String> shown = gpus.subList(0, Math.min(maxRooflines, gpus.size()));
        List<Row> points = picked.stream().filter(r -> shown.contains(r.<String>getAs("gpu"))).toList();
        List<Optional<Operators.Placed>> placed = Operators.of(cx, cx.hasView("operators"), points,
                cx.catalogs(), cx.flashAttention());
        Map<List<String>, List<Integer>> byPair = new LinkedHashMap<>();
        for (int k = 0; k < points.size(); k++) {
            byPair.computeIfAbsent(List.of(points.get(k).getAs("gpu"), points.get(k).getAs("model")),
                    x -> new ArrayList<>()).add(k);
        }
        TreeSet<String> sources = new TreeSet<>();
        List<ChartSpec.Choice> choices = new ArrayList<>();
        List<String> pngs = new ArrayList<>();
        byPair.forEach((pair, ks) -> {
            List<Row> pts = ks.stream().map(points::get).toList();
            List<Optional<Operators.Placed>> ops = ks.stream().map(placed::get).toList();
            roofline(cx, pair.get(0), pts, ops, rank.get(id(pts.get(0))) == 1, pngs).ifPresent(choices::add);
            ops.forEach(o -> o.ifPresent(p -> sources.add(p.source())));
        });
        if (!choices.isEmpty()) {
            cx.chart(new ChartSpec("GPU and model", choices), "Operators of one layer, the head and the vision tower "
                    + "at the smallest and largest batch that fit; both ceilings drawn, log axes.", pngs);
        }
        if (!sources.isEmpty()) {
            cx.html().muted("Operator rows: " + String.join("; ", sources) + ". The ceilings are the GPU's peak FLOP/s "
                    + "and bandwidth derated by its family's efficiency factors (configs/calibration.json); every "
                    + "operator sits on the roof because the cost model times each as max(FLOPs / peak, bytes / "
                    + "bandwidth).");
        }
        cx.html().sql("SQL: the points placed on each roofline (smallest and largest batch)", SQL);
    }

    /** One GPU and model's roofline; its PNG file too when {@code png}; empty when no operator is placed. */
    private static Optional<ChartSpec.Choice> roofline(ReportContext cx, String gpu, List<Row> points,
            List<Optional<Operators.Placed>> placed, boolean png, List<String> pngs) {
        List<Charts.Series> series = new ArrayList<>();
        double peak = 0;
        double bandwidth = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int k = 0; k < points.size(); k++) {
            if (placed.get(k).isEmpty()) {
                continue;
            }
            Operators.Placed p = placed.get(k).get();
            peak = p.peakFlopsPerSecond();
            bandwidth = p.peakBytesPerSecond();
            int batch = points.get(k).getAs("batch");
            Shape shape = k == 0 ? Charts.circle(9) : Charts.square(10);
            Map<String, List<Charts.Point>> byPhase = new LinkedHashMap<>();
            for (Operators.Op op : p.ops()) {
                if (op.attainedFlopsPerSecond() > 0 && Double.isFinite(op.intensity()) && op.intensity() > 0) {
                    lo = Math.min(lo, op.intensity());
                    hi = Math.max(hi, op.intensity());
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("operator", op.name());
                    info.put("phase", op.phase());
                    info.put("batch", batch);
                    info.put("intensity (FLOP/byte)", Answer.significant(op.intensity()));
                    info.put("attained (TFLOP/s)", Answer.significant(op.attainedFlopsPerSecond()
                            / org.roofsweep.core.Units.TERA));
                    byPhase.computeIfAbsent(phaseGroup(op.phase()), x -> new ArrayList<>())
                            .add(new Charts.Point(op.intensity(), op.attainedFlopsPerSecond(), null, info));
                }
            }
            byPhase.forEach((phase, ops) -> series.add(new Charts.Series(phase + " ops, batch " + batch,
                    PHASE_COLORS.getOrDefault(phase, Color.DARK_GRAY), shape, ops)));
        }
        // decode last, so that it is drawn on top of the prefill ops that share its intensity
        series.sort(Comparator.comparingInt(x -> DRAW_ORDER.indexOf(x.name().split(" ")[0])));
        Row ref = points.get(points.size() - 1);
        String model = ref.getAs("model");
        if (series.isEmpty() || !(peak > 0) || !(bandwidth > 0)) {
            cx.html().muted("No operators for " + gpu + ": " + model + " or its platform is not in the catalog.");
            return Optional.empty();
        }
        String title = "Roofline of " + gpu + ": " + model;
        String subtitle = String.format(Locale.ROOT, "operators of one layer, the head and the vision tower; prompt %d "
                + "tokens, %s", ref.<Integer>getAs("prompt_tokens"), Findings.images(ref.<Integer>getAs("images")));
        if (png) {
            pngs.add(cx.png(Charts.roofline(title, subtitle, peak, bandwidth, series, lo, hi),
                    "roofline_" + gpu + ".png"));
        }
        String batches = points.stream().map(x -> x.getAs("batch").toString()).distinct()
                .collect(Collectors.joining(" and "));
        return Optional.of(new ChartSpec.Choice(gpu + ": " + model + " (batch " + batches + ")",
                Interactive.roofline(title, subtitle, peak, bandwidth, series, lo, hi)));
    }

    private static String phaseGroup(String phase) {
        return phase.startsWith("prefill") ? "prefill" : phase.startsWith("decode") ? "decode"
                : phase.startsWith("vision") ? "vision" : phase;
    }
}
