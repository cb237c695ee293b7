package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * PowerInfer's e2e speedup over the best dense system as heatmaps over (batch, sparsity) and (prompt, images): on the
 * page for every model and GPU of the sweep (a selector picks one), as PNG files for the focus model and GPUs.
 */
final class SpeedupHeatmaps {
    /** The cells of every model and GPU: medians over the other swept inputs. */
    static final String SQL = """
            SELECT model, gpu, %1$s AS x, %2$s AS y, median(e2e_speedup) AS speedup,
                   count(e2e_speedup) AS pairs, count_if(pi_fits AND NOT dense_fits) AS pi_only,
                   count_if(dense_fits AND NOT pi_fits) AS dense_only
            FROM pi_vs_dense
            GROUP BY model, gpu, %1$s, %2$s
            ORDER BY model, gpu
            """;

    /** One heatmap's cells, axes and labels. */
    private record Grid(String model, String gpu, String xLabel, String[] xs, String yLabel, String[] ys,
            double[][] speedup, long[][] pairs) {
    }

    private SpeedupHeatmaps() {
    }

    static void write(ReportContext cx, String model, List<String> gpus) {
        cx.html().heading(2, "PowerInfer's e2e speedup over the best dense system");
        cx.html().paragraph("Each cell: the median, over the other swept inputs, of PowerInfer's end-to-end tokens/s "
                + "divided by the faster of dense-gpu and layer-offload at the same inputs, where both fit. Blue: "
                + "PowerInfer faster; red: slower. \"" + Heatmap.PI_ONLY + "\": only PowerInfer fits; \""
                + Heatmap.DENSE_ONLY + "\": a dense system runs and PowerInfer runs no point of the cell (out of "
                + "memory, or a weight format or image kind it refuses); \"" + Heatmap.NO_RUN + "\": no system runs "
                + "any point of the cell (out of memory, or a request the model refuses, as a context beyond its own). "
                + "The points' reason says which. Pick a model and GPU above each chart; the PNG files are of " + model
                + ".");
        List<Row> bySparsity = cx.rows(SQL.formatted("batch", "sparsity"), Map.of());
        List<Row> byImages = cx.rows(SQL.formatted("prompt_tokens", "images"), Map.of());
        chart(cx, model, gpus, bySparsity, "batch size (concurrent sequences)",
                "FFN activation sparsity (fraction of neurons inactive)", "speedup_batch_sparsity_");
        chart(cx, model, gpus, byImages, "prompt length (text tokens)", "images per request",
                "speedup_prompt_images_");
        cx.html().sql("SQL: heatmap cells (x, y = batch, sparsity or prompt_tokens, images)",
                SQL.formatted("batch", "sparsity"));
    }

    /**
     * Heatmaps of {@code cells} (model, gpu, x, y, speedup, pairs, pi_only, dense_only) for every model and GPU, with
     * PNG files of the focus model on the focus GPUs.
     */
    static void chart(ReportContext cx, String focusModel, List<String> focusGpus, List<Row> cells,
            String xLabel, String yLabel, String filePrefix) {
        List<ChartSpec.Choice> choices = new ArrayList<>();
        List<String> pngs = new ArrayList<>();
        List<List<String>> pairs = cells.stream().map(c -> List.of(c.<String>getAs("model"), c.<String>getAs("gpu")))
                .distinct().toList();
        for (List<String> pair : pairs) {
            Grid g = grid(cells, pair.get(0), pair.get(1), xLabel, yLabel);
            String title = "PowerInfer ÷ best dense, e2e tokens/s: " + g.model() + " on " + g.gpu();
            String subtitle = "median over the other swept inputs";
            if (g.model().equals(focusModel) && focusGpus.contains(g.gpu())) {
                pngs.add(cx.png(Heatmap.chart(title, subtitle, xLabel, g.xs(), yLabel, g.ys(), g.speedup()),
                        fileName(filePrefix + g.gpu() + "_" + g.model()) + ".png"));
            }
            ChartSpec.Choice choice = new ChartSpec.Choice(g.model() + " on " + g.gpu(), Heatmap.option(title,
                    subtitle, xLabel, g.xs(), yLabel, g.ys(), g.speedup(), g.pairs()));
            // the focus model on its first GPU is shown first
            boolean first = g.model().equals(focusModel) && !focusGpus.isEmpty() && g.gpu().equals(focusGpus.get(0));
            choices.add(first ? 0 : choices.size(), choice);
        }
        cx.chart(new ChartSpec("model and GPU", choices), "Speedup of PowerInfer: " + yLabel + " against " + xLabel
                + ".", pngs);
    }

    /** A figure's file name: runs of anything but letters, digits, '_', '.' and '-' become one '_'. */
    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }

    private static Grid grid(List<Row> allCells, String model, String gpu, String xLabel, String yLabel) {
        List<Row> cells = allCells.stream().filter(c -> c.getAs("gpu").equals(gpu) && c.getAs("model").equals(model))
                .toList();
        List<Double> xs = cells.stream().map(c -> ((Number) c.getAs("x")).doubleValue()).distinct().sorted().toList();
        List<Double> ys = cells.stream().map(c -> ((Number) c.getAs("y")).doubleValue()).distinct().sorted().toList();
        double[][] z = new double[xs.size()][ys.size()];
        long[][] n = new long[xs.size()][ys.size()];
        for (double[] column : z) {
            Arrays.fill(column, Double.NaN);
        }
        for (Row c : cells) {
            int i = xs.indexOf(((Number) c.getAs("x")).doubleValue());
            int j = ys.indexOf(((Number) c.getAs("y")).doubleValue());
            z[i][j] = cell(c.getAs("speedup"), c.getAs("pi_only"), c.getAs("dense_only"));
            n[i][j] = c.getAs("pairs");
        }
        return new Grid(model, gpu, xLabel, labels(xs), yLabel, labels(ys), z, n);
    }

    /**
     * A cell's value: the median speedup where both sides fit somewhere in it; else +Infinity where only PowerInfer
     * fits at some point, 0 where only a dense system does ({@link Heatmap#DENSE_ONLY}), NaN where nothing runs.
     */
    static double cell(Double speedup, long piOnly, long denseOnly) {
        if (speedup != null) {
            return speedup;
        }
        return piOnly > 0 ? Double.POSITIVE_INFINITY : denseOnly > 0 ? 0 : Double.NaN;
    }

    private static String[] labels(List<Double> values) {
        return values.stream().map(Findings::decimal).toArray(String[]::new);
    }
}
