package org.roofsweep.jobs.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;

/** PowerInfer's e2e speedup over the best dense system as heatmaps over (batch, sparsity) and (prompt, images). */
final class SpeedupHeatmaps {
    private SpeedupHeatmaps() {
    }

    static void write(ReportContext cx, String model, List<String> gpus) {
        cx.html().heading(2, "PowerInfer's e2e speedup over the best dense system: " + model);
        cx.html().paragraph("Each cell: the median, over the other swept inputs, of PowerInfer's end-to-end tokens/s "
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
        List<Row> bySparsity = cx.rows(sql.formatted("batch", "sparsity"), p);
        List<Row> byImages = cx.rows(sql.formatted("prompt_tokens", "images"), p);
        for (String gpu : gpus) {
            heatmap(cx, gpu, model, bySparsity, "batch size (concurrent sequences)",
                    "FFN activation sparsity (fraction of neurons inactive)",
                    "speedup_batch_sparsity_" + gpu + "_" + model + ".png");
            heatmap(cx, gpu, model, byImages, "prompt length (text tokens)", "images per request",
                    "speedup_prompt_images_" + gpu + "_" + model + ".png");
        }
        cx.html().sql("SQL: heatmap cells (x, y = batch, sparsity or prompt_tokens, images)",
                sql.formatted("batch", "sparsity"));
    }

    private static void heatmap(ReportContext cx, String gpu, String model, List<Row> allCells, String xLabel,
            String yLabel, String file) {
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
        JFreeChart chart = Heatmap.chart("PowerInfer ÷ best dense, e2e tokens/s: " + model + " on " + gpu,
                "median over the other swept inputs", xLabel, labels(xs), yLabel, labels(ys), z);
        cx.figure(chart, file, "speedup heatmap " + gpu + " " + model, "Speedup of PowerInfer on " + gpu + ": "
                + yLabel + " against " + xLabel + ".");
    }

    private static String[] labels(List<Double> values) {
        return values.stream().map(Findings::decimal).toArray(String[]::new);
    }
}
