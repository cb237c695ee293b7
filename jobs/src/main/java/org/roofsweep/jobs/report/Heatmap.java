package org.roofsweep.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/** The report's speedup heatmap and its diverging colour scale. */
final class Heatmap {
    static final Font CELL = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    /** Speedups beyond [1/4, 4] take the end colours of the heatmap scale. */
    private static final double SCALE_LIMIT = 4;
    /** The label of a cell where only PowerInfer fits (speedup +Infinity). */
    static final String PI_ONLY = "PI only";
    /**
     * The label of a cell where a dense system runs and PowerInfer runs no point (speedup 0: out of memory, or a
     * format, image kind or context it refuses).
     */
    static final String DENSE_ONLY = "dense only";
    /** The label of a cell where no system runs any point (speedup NaN: memory, or what the model refuses). */
    static final String NO_RUN = "none runs";

    private Heatmap() {
    }

    /** What a cell's speedup says: which side alone runs there, or that both do (a ratio). */
    enum Kind {
        POWERINFER_ONLY(PI_ONLY, "only PowerInfer fits", new Color(0x1b7837)),
        DENSE(DENSE_ONLY, "a dense system runs, PowerInfer runs no point here (see its points' reason)",
                new Color(0x762a83)),
        NOTHING(NO_RUN, "no system runs a point here (see the points' reason)", new Color(0xbbbbbb)),
        PAIR(null, null, null);

        final String label;
        final String tooltip;
        final Color color;

        Kind(String label, String tooltip, Color color) {
            this.label = label;
            this.tooltip = tooltip;
            this.color = color;
        }

        /** NaN: nothing runs; +Infinity: only PowerInfer; 0: only a dense system; any other value: a pair's ratio. */
        static Kind of(double speedup) {
            return Double.isNaN(speedup) ? NOTHING : Double.isInfinite(speedup) ? POWERINFER_ONLY
                    : speedup == 0 ? DENSE : PAIR;
        }
    }

    /**
     * A heatmap of PowerInfer's speedup: cells at (x index, y index) coloured on a diverging log scale around 1 and
     * labelled with their value; +Infinity marks "only PowerInfer fits" ({@link #PI_ONLY}), 0 "a dense system runs,
     * PowerInfer does not" ({@link #DENSE_ONLY}: out of memory, or a format or image kind its kernels refuse), NaN
     * "no system runs here" ({@link #NO_RUN}: memory everywhere, or what the model refuses, as a context beyond its
     * own).
     */
    static JFreeChart chart(String title, String subtitle, String xLabel, String[] xs, String yLabel, String[] ys,
            double[][] speedup) {
        int n = xs.length * ys.length;
        double[][] data = new double[3][n];
        XYBlockRenderer renderer = new XYBlockRenderer();
        SpeedupScale scale = new SpeedupScale();
        renderer.setPaintScale(scale);
        SymbolAxis xAxis = Charts.axis(new SymbolAxis(xLabel, xs));
        SymbolAxis yAxis = Charts.axis(new SymbolAxis(yLabel, ys));
        XYPlot plot = new XYPlot(null, xAxis, yAxis, renderer);
        int k = 0;
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++, k++) {
                double v = speedup[i][j];
                data[0][k] = i;
                data[1][k] = j;
                data[2][k] = v;
                String text = label(v);
                XYTextAnnotation a = new XYTextAnnotation(text, i, j);
                a.setFont(CELL);
                a.setPaint(scale.dark(v) ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("speedup", data);
        plot.setDataset(dataset);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        xAxis.setGridBandsVisible(false);
        yAxis.setGridBandsVisible(false);
        xAxis.setRange(-0.5, xs.length - 0.5);
        yAxis.setRange(-0.5, ys.length - 0.5);
        JFreeChart chart = new JFreeChart(title, Charts.TITLE, plot, false);
        LogAxis legendAxis = Charts.axis(new LogAxis("PowerInfer e2e tokens/s ÷ best dense (×)"));
        legendAxis.setBase(2);
        legendAxis.setRange(1 / SCALE_LIMIT, SCALE_LIMIT);
        legendAxis.setTickUnit(new NumberTickUnit(1));
        legendAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(16);
        legend.setSubdivisionCount(128);
        chart.addSubtitle(legend);
        return Charts.finish(chart, subtitle);
    }

    /** A cell's label: its speedup, or which side alone runs. */
    static String label(double speedup) {
        Kind kind = Kind.of(speedup);
        if (kind != Kind.PAIR) {
            return kind.label;
        }
        return String.format(Locale.ROOT, speedup >= 9.95 ? "%.0f×" : "%.2f×", speedup);
    }

    /**
     * The interactive heatmap of the same cells: colour is log2 of the speedup on the diverging scale of
     * {@link SpeedupScale}; {@link #PI_ONLY}, {@link #DENSE_ONLY} and {@link #NO_RUN} cells are series of their own,
     * so the legend can hide them.
     */
    static Map<String, Object> option(String title, String subtitle, String xLabel, String[] xs, String yLabel,
            String[] ys, double[][] speedup, long[][] pairs) {
        Map<String, Object> o = ChartSpec.option(title, subtitle);
        o.put("xAxis", ChartSpec.axis("category", xLabel, List.of(xs)));
        o.put("yAxis", ChartSpec.axis("category", yLabel, List.of(ys)));
        double limit = Math.log(SCALE_LIMIT) / Math.log(2);
        o.put("visualMap", Map.of("seriesIndex", 0, "min", -limit, "max", limit, "calculable", true, "orient",
                "vertical", "right", 0, "top", "middle", "text", List.of("PowerInfer faster", "slower"), "inRange",
                Map.of("color", List.of(Interactive.hex(SpeedupScale.SLOWER), "#ffffff",
                        Interactive.hex(SpeedupScale.FASTER)))));
        o.put("grid", Map.of("top", 96, "left", 90, "right", 130, "bottom", 64));
        Map<Kind, List<Object>> cells = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            cells.put(kind, new ArrayList<>());
        }
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                double v = speedup[i][j];
                Kind kind = Kind.of(v);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put(xLabel, xs[i]);
                info.put(yLabel, ys[j]);
                info.put("median e2e speedup", kind == Kind.PAIR ? Answer.ratio(v) : kind.tooltip);
                info.put("points where both fit", pairs[i][j]);
                cells.get(kind).add(kind == Kind.PAIR ? cell(i, j, Math.log(v) / Math.log(2), label(v), info)
                        : cell(i, j, 0, kind.label, info));
            }
        }
        List<Object> series = new ArrayList<>();
        series.add(ChartSpec.series("heatmap", "speedup", cells.get(Kind.PAIR), Map.of()));
        for (Kind kind : List.of(Kind.POWERINFER_ONLY, Kind.DENSE, Kind.NOTHING)) {
            series.add(ChartSpec.series("heatmap", kind.label, cells.get(kind), Map.of("itemStyle",
                    Map.of("color", Interactive.hex(kind.color)))));
        }
        o.put("series", series);
        return o;
    }

    private static Map<String, Object> cell(int i, int j, double value, String text, Map<String, Object> info) {
        return Map.of("value", List.of(i, j, value), "info", info, "label", Map.of("show", true, "formatter", text));
    }

    /** Diverging colours around a speedup of 1: red below, white at 1, blue above, on a log scale. */
    static final class SpeedupScale implements PaintScale {
        private static final Color SLOWER = new Color(0xb2182b);
        private static final Color FASTER = new Color(0x2166ac);

        @Override
        public double getLowerBound() {
            return 1 / SCALE_LIMIT;
        }

        @Override
        public double getUpperBound() {
            return SCALE_LIMIT;
        }

        /** -1 .. 1: log of the speedup relative to the scale's end. */
        private static double t(double v) {
            return Math.max(-1, Math.min(1, Math.log(v) / Math.log(SCALE_LIMIT)));
        }

        @Override
        public Paint getPaint(double v) {
            Kind kind = Kind.of(v);
            if (kind != Kind.PAIR) {
                return kind.color;
            }
            double t = t(v);
            return mix(Color.WHITE, t >= 0 ? FASTER : SLOWER, Math.abs(t));
        }

        boolean dark(double v) {
            Kind kind = Kind.of(v);
            return kind == Kind.POWERINFER_ONLY || kind == Kind.DENSE || kind == Kind.PAIR && Math.abs(t(v)) > 0.6;
        }

        private static Color mix(Color a, Color b, double f) {
            return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
        }
    }
}
