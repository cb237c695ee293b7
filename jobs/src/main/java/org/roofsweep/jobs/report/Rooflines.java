package org.roofsweep.jobs.report;

import java.awt.Color;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;

/** A roofline per GPU with the operators of a small and a large request of its most-fitting model. */
final class Rooflines {
    private static final Map<String, Color> PHASE_COLORS = Map.of("prefill", new Color(0xff7f0e), "decode",
            new Color(0x1f77b4), "vision", new Color(0x2ca02c));
    private static final List<String> DRAW_ORDER = List.of("vision", "prefill", "decode");

    private Rooflines() {
    }

    static void write(ReportContext cx, String focusModel, int maxRooflines) {
        cx.html().heading(2, "Rooflines");
        boolean table = cx.hasView("operators");
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
        List<Row> picked = cx.rows(sql, Map.of("focus", focusModel == null ? "" : focusModel));
        List<String> gpus = picked.stream().map(r -> r.<String>getAs("gpu")).distinct().toList();
        if (gpus.size() > maxRooflines) {
            cx.html().muted("Showing " + maxRooflines + " of " + gpus.size() + " GPUs, smallest memory first; raise "
                    + "--max-rooflines for more.");
        }
        TreeSet<String> sources = new TreeSet<>();
        for (String gpu : gpus.subList(0, Math.min(maxRooflines, gpus.size()))) {
            roofline(cx, gpu, picked.stream().filter(r -> r.getAs("gpu").equals(gpu)).toList(), table)
                    .ifPresent(sources::add);
        }
        if (!sources.isEmpty()) {
            cx.html().muted("Operator rows: " + String.join("; ", sources) + ". The ceilings are the GPU's peak FLOP/s "
                    + "and bandwidth derated by its family's efficiency factors (configs/calibration.json); every "
                    + "operator sits on the roof because the cost model times each as max(FLOPs / peak, bytes / "
                    + "bandwidth).");
        }
        cx.html().sql("SQL: the points placed on each roofline (smallest and largest batch)", sql);
    }

    /** One GPU's roofline with the operators of its chosen points; returns where the operators came from. */
    private static Optional<String> roofline(ReportContext cx, String gpu, List<Row> points, boolean table) {
        List<Charts.Series> series = new ArrayList<>();
        double peak = 0;
        double bandwidth = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        String source = null;
        for (int k = 0; k < points.size(); k++) {
            Row pt = points.get(k);
            Optional<Operators.Placed> placed = Operators.of(cx, table, pt, cx.catalogs(), cx.flashAttention());
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
            cx.html().muted("No operators for " + gpu + ": " + model + " or its platform is not in the catalog.");
            return Optional.empty();
        }
        JFreeChart chart = Charts.roofline("Roofline of " + gpu + ": " + model,
                String.format(Locale.ROOT, "operators of one layer, the head and the vision tower; prompt %d tokens, "
                        + "%s", ref.<Integer>getAs("prompt_tokens"), Findings.images(ref.<Integer>getAs("images"))),
                peak, bandwidth, series, lo, hi);
        String batches = points.stream().map(x -> x.getAs("batch").toString()).distinct()
                .collect(Collectors.joining(" and "));
        cx.figure(chart, "roofline_" + gpu + ".png", "roofline " + gpu, "Operators of " + model + " on " + gpu
                + " at batch " + batches + ".");
        return Optional.ofNullable(source);
    }

    private static String phaseGroup(String phase) {
        return phase.startsWith("prefill") ? "prefill" : phase.startsWith("decode") ? "decode"
                : phase.startsWith("vision") ? "vision" : phase;
    }
}
