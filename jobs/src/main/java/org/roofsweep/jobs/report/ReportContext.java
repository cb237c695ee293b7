package org.roofsweep.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.jfree.chart.JFreeChart;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.QueryText;
import org.roofsweep.jobs.query.Sql;

/**
 * What every section of a report works with: the Spark session and its views of the sweep and the catalog, the page
 * being written, the figure files, and the sweep's FlashAttention setting (for operators rebuilt from the catalog).
 */
final class ReportContext {
    /** Joins a view's rows to the catalog's {@code gpus} and {@code models} views, which the scopes filter on. */
    static final String IN_SCOPE = "LEFT JOIN gpus g ON g.key = %s.gpu LEFT JOIN models m ON m.key = %s.model";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    private final SparkSession spark;
    private final Catalogs catalogs;
    private final Html html;
    private final Path out;
    private final boolean flashAttention;
    private final List<String> views;
    private final List<Path> figures = new ArrayList<>();
    private final List<Dataset<Row>> cached = new ArrayList<>();
    private int charts;

    ReportContext(SparkSession spark, Catalogs catalogs, Html html, Path out, boolean flashAttention,
            List<String> views) {
        this.spark = spark;
        this.catalogs = catalogs;
        this.html = html;
        this.out = out;
        this.flashAttention = flashAttention;
        this.views = new ArrayList<>(views);
    }

    SparkSession spark() {
        return spark;
    }

    Catalogs catalogs() {
        return catalogs;
    }

    Html html() {
        return html;
    }

    /** The sweep's {@code flash_attention}: how a point's operators are rebuilt when the sweep did not store them. */
    boolean flashAttention() {
        return flashAttention;
    }

    boolean hasView(String name) {
        return views.contains(name);
    }

    List<Path> figures() {
        return List.copyOf(figures);
    }

    /** The page's folder: the figure files go beside it. */
    Path out() {
        return out;
    }

    /** A query over the views, not yet run; errors name the views. */
    Dataset<Row> sql(String sql) {
        return Sql.userErrors(views, () -> spark.sql(sql));
    }

    /** The rows of a query over the views, with {@code :name} parameters. */
    List<Row> rows(String sql, Map<String, Object> params) {
        return Sql.userErrors(views, () -> Sql.query(spark, new QueryText(sql, params), views).collectAsList());
    }

    /** Registers {@code df} as {@code view}, computed once and kept (in memory, spilling to disk) until the end. */
    void cache(Dataset<Row> df, String view) {
        Dataset<Row> kept = df.persist(StorageLevel.MEMORY_AND_DISK());
        kept.createOrReplaceTempView(view);
        cached.add(kept);
        if (!views.contains(view)) {
            views.add(view);
        }
    }

    /** Drops what {@link #cache} kept. */
    void release() {
        cached.forEach(Dataset::unpersist);
    }

    /** Writes a JFreeChart figure as a PNG file beside the page (for papers) and returns its file name. */
    String png(JFreeChart chart, String file) {
        byte[] png = Charts.png(chart, WIDTH, HEIGHT);
        Path target = out.resolve(file);
        try {
            Files.write(target, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        figures.add(target);
        return file;
    }

    /** Adds an interactive chart to the page, with links to the PNG files of the same figure. */
    void chart(ChartSpec spec, String caption, List<String> pngFiles) {
        charts++;
        html.chart("chart-" + charts, Echarts.json(spec), caption, pngFiles);
    }

    /** The interactive charts added so far. */
    int charts() {
        return charts;
    }
}
