package org.roofsweep.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.Engine;

/**
 * What every section of a report works with: the SQL engine and its views of the sweep and the catalog, the page
 * being written, the figure files, and the sweep's FlashAttention setting (for operators rebuilt from the catalog).
 */
final class ReportContext {
    /** Joins a view's rows to the catalog's {@code gpus} and {@code models} views, which the scopes filter on. */
    static final String IN_SCOPE = "LEFT JOIN gpus g ON g.key = %s.gpu LEFT JOIN models m ON m.key = %s.model";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    private final Engine engine;
    private final Catalogs catalogs;
    private final Html html;
    private final Path out;
    private final boolean flashAttention;
    private final List<Path> figures = new ArrayList<>();
    private int charts;

    ReportContext(Engine engine, Catalogs catalogs, Html html, Path out, boolean flashAttention) {
        this.engine = engine;
        this.catalogs = catalogs;
        this.html = html;
        this.out = out;
        this.flashAttention = flashAttention;
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
        return engine.viewNames().contains(name);
    }

    /** The column names of a view. */
    List<String> columns(String view) {
        return List.of(engine.schema(view).fieldNames());
    }

    List<Path> figures() {
        return List.copyOf(figures);
    }

    /** The page's folder: the figure files go beside it. */
    Path out() {
        return out;
    }

    /** The rows of a query over the views, with {@code :name} parameters; errors name the views. */
    List<Row> rows(String sql, Map<String, Object> params) {
        return engine.rows(sql, params);
    }

    /** Registers the result of {@code sql} as {@code view}, computed once and kept until the engine closes. */
    void cache(String sql, String view) {
        engine.keep(sql, view);
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
