package org.roofsweep.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.GroupedStackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.KeyToGroupMap;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's chart types, built with JFreeChart and styled alike: white background, large fonts, units on axes. */
final class Charts {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xdddddd);

    private Charts() {
    }

    /**
     * One point of a scatter or roofline series, with an optional label drawn beside it and what the interactive
     * chart's tooltip lists for it (its inputs and results).
     */
    record Point(double x, double y, String label, Map<String, Object> info) {
        Point {
            info = info == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(info));
        }
    }

    /** A series of points drawn with one colour and shape. */
    record Series(String name, Paint paint, Shape shape, List<Point> points) {
    }

    /** One stacked component of a memory bar: its name, the stack it belongs to, colour and value per category. */
    record Component(String name, String stack, Paint paint, double[] values) {
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Shape circle(double size) {
        return new Ellipse2D.Double(-size / 2, -size / 2, size, size);
    }

    static Shape square(double size) {
        return new Rectangle2D.Double(-size / 2, -size / 2, size, size);
    }

    static Shape diamond(double size) {
        double h = size / 2;
        return new Polygon(new int[] {0, (int) h, 0, (int) -h}, new int[] {(int) -h, 0, (int) h, 0}, 4);
    }

    static Shape triangle(double size) {
        double h = size / 2;
        return new Polygon(new int[] {0, (int) h, (int) -h}, new int[] {(int) -h, (int) h, (int) h}, 3);
    }

    /** A scatter plot with one series per system and each point labelled (e.g. with its GPU). */
    static JFreeChart scatter(String title, String subtitle, String xLabel, String yLabel, boolean logY,
            List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < series.size(); s++) {
            Series sr = series.get(s);
            XYSeries xy = new XYSeries(sr.name(), false, true);
            sr.points().forEach(p -> xy.add(p.x(), p.y()));
            data.addSeries(xy);
            renderer.setSeriesPaint(s, sr.paint());
            renderer.setSeriesShape(s, sr.shape());
        }
        XYItemLabelGenerator labels = (dataset, s, item) -> series.get(s).points().get(item).label();
        renderer.setDefaultItemLabelGenerator(labels);
        renderer.setDefaultShapesFilled(false);
        renderer.setDrawOutlines(true);
        renderer.setDefaultOutlineStroke(new BasicStroke(2.2f));
        renderer.setAutoPopulateSeriesOutlineStroke(false);
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(TICK);
        NumberAxis x = axis(new NumberAxis(xLabel));
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.1);
        x.setUpperMargin(0.1);
        ValueAxis y = logY ? decades(new LogAxis(yLabel + ", log")) : axis(new NumberAxis(yLabel));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        gridded(plot);
        return finish(new JFreeChart(title, TITLE, plot, true), subtitle);
    }

    /**
     * Stacked bars per category, one stack per group of components side by side (e.g. GPU and host memory), with a
     * dashed line at {@code capacity} when it is positive.
     */
    static JFreeChart stackedBars(String title, String subtitle, String[] categories, List<Component> components,
            String valueLabel, double capacity, String capacityLabel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        GroupedStackedBarRenderer renderer = new GroupedStackedBarRenderer();
        KeyToGroupMap groups = new KeyToGroupMap(components.get(0).stack());
        for (int s = 0; s < components.size(); s++) {
            Component c = components.get(s);
            for (int k = 0; k < categories.length; k++) {
                data.addValue(c.values()[k], c.name(), categories[k]);
            }
            groups.mapKeyToGroup(c.name(), c.stack());
            renderer.setSeriesPaint(s, c.paint());
        }
        renderer.setSeriesToGroupMap(groups);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.08);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(LABEL);
        x.setCategoryMargin(0.25);
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        x.setMaximumCategoryLabelLines(2);
        NumberAxis y = axis(new NumberAxis(valueLabel));
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        if (capacity > 0) {
            ValueMarker m = new ValueMarker(capacity, Color.DARK_GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
            m.setLabel(capacityLabel);
            m.setLabelFont(TICK);
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(m, Layer.FOREGROUND);
            y.setUpperMargin(0.12);
        }
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        return finish(chart, subtitle);
    }

    /**
     * A log-log roofline: the memory ceiling (slope = bandwidth) up to the ridge point, the compute ceiling (peak)
     * after it, and the operators placed at (arithmetic intensity, attained FLOP/s).
     */
    static JFreeChart roofline(String title, String subtitle, double peakFlopsPerSecond, double bytesPerSecond,
            List<Series> ops, double minIntensity, double maxIntensity) {
        double tera = org.roofsweep.core.Units.TERA;
        double ridge = peakFlopsPerSecond / bytesPerSecond;
        double lo = Math.min(minIntensity, ridge) / 4;
        double hi = Math.max(maxIntensity, ridge) * 4;
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        XYSeries memory = new XYSeries(String.format(Locale.ROOT, "memory ceiling: %.0f GB/s",
                bytesPerSecond / org.roofsweep.core.Units.GIGA), false, true);
        memory.add(lo, lo * bytesPerSecond / tera);
        memory.add(ridge, peakFlopsPerSecond / tera);
        XYSeries compute = new XYSeries(String.format(Locale.ROOT, "compute ceiling: %.1f TFLOP/s",
                peakFlopsPerSecond / tera), false, true);
        compute.add(ridge, peakFlopsPerSecond / tera);
        compute.add(hi, peakFlopsPerSecond / tera);
        data.addSeries(memory);
        data.addSeries(compute);
        renderer.setSeriesPaint(0, new Color(0x777777));
        renderer.setSeriesPaint(1, Color.BLACK);
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesShapesVisible(s, false);
            renderer.setSeriesStroke(s, new BasicStroke(2.5f));
        }
        for (int s = 0; s < ops.size(); s++) {
            Series sr = ops.get(s);
            XYSeries xy = new XYSeries(sr.name(), false, true);
            sr.points().forEach(p -> xy.add(p.x(), p.y() / tera));
            data.addSeries(xy);
            renderer.setSeriesLinesVisible(s + 2, false);
            renderer.setSeriesPaint(s + 2, sr.paint());
            renderer.setSeriesShape(s + 2, sr.shape());
            renderer.setSeriesOutlinePaint(s + 2, Color.BLACK);
        }
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);
        LogAxis x = decades(new LogAxis("arithmetic intensity (FLOP/byte, log)"));
        x.setRange(lo, hi);
        LogAxis y = decades(new LogAxis("attained throughput (TFLOP/s, log)"));
        y.setRange(lo * bytesPerSecond / tera / 2, peakFlopsPerSecond / tera * 3);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        gridded(plot);
        XYTextAnnotation r = new XYTextAnnotation(String.format(Locale.ROOT, "ridge %.0f FLOP/byte", ridge), ridge,
                peakFlopsPerSecond / tera * 1.6);
        r.setFont(TICK);
        plot.addAnnotation(r);
        return finish(new JFreeChart(title, TITLE, plot, true), subtitle);
    }

    /** A base-10 log axis with a tick at each power of ten. */
    static LogAxis decades(LogAxis a) {
        axis(a);
        a.setBase(10);
        a.setSmallestValue(1e-6);
        a.setTickUnit(new NumberTickUnit(1));
        a.setMinorTickCount(9);
        a.setMinorTickMarksVisible(true);
        a.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        return a;
    }

    static <A extends ValueAxis> A axis(A a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        return a;
    }

    static void gridded(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);
    }

    static JFreeChart finish(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (subtitle != null && !subtitle.isEmpty()) {
            chart.addSubtitle(0, new TextTitle(subtitle, SUBTITLE));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TICK);
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }

    /**
     * A ratio as "1.23×"; with four decimals near 1, where two would blur a tie ({@link Findings#TIE}) with a win
     * ("1.0099×" vs "1.0104×", both "1.01×").
     */
    static String times(double v) {
        String format = v >= 9.95 ? "%.0f×" : Math.abs(v - 1) < 2 * Findings.TIE ? "%.4f×" : "%.2f×";
        return String.format(Locale.ROOT, format, v);
    }
}
