package org.roofsweep.jobs.report;

import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roofsweep.core.Units;

/**
 * The interactive (ECharts) versions of the report's {@link Charts}: the same series, colours and axes as the PNG
 * figures, as ECharts options whose data items carry their tooltip's {@code info}.
 */
final class Interactive {
    private Interactive() {
    }

    static String hex(Paint paint) {
        Color c = paint instanceof Color color ? color : Color.DARK_GRAY;
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Points without lines, one series per system (say); log axes where asked. */
    static Map<String, Object> scatter(String title, String subtitle, String xLabel, String yLabel, boolean logX,
            boolean logY, List<Charts.Series> series) {
        Map<String, Object> o = ChartSpec.option(title, subtitle);
        o.put("xAxis", ChartSpec.axis(logX ? "log" : "value", xLabel, null));
        o.put("yAxis", ChartSpec.axis(logY ? "log" : "value", yLabel, null));
        List<Object> out = new ArrayList<>();
        for (Charts.Series s : series) {
            out.add(points(s, 1));
        }
        o.put("series", out);
        return o;
    }

    /**
     * A log-log roofline: the memory ceiling (slope = bandwidth) up to the ridge point, the compute ceiling after it,
     * and the operators at (FLOP/byte, attained TFLOP/s), as {@link Charts#roofline} draws it.
     */
    static Map<String, Object> roofline(String title, String subtitle, double peakFlopsPerSecond,
            double bytesPerSecond, List<Charts.Series> ops, double minIntensity, double maxIntensity) {
        double ridge = peakFlopsPerSecond / bytesPerSecond;
        double lo = Math.min(minIntensity, ridge) / 4;
        double hi = Math.max(maxIntensity, ridge) * 4;
        double peakTera = peakFlopsPerSecond / Units.TERA;
        Map<String, Object> o = ChartSpec.option(title, subtitle);
        o.put("xAxis", ChartSpec.axis("log", "arithmetic intensity (FLOP/byte, log)", null));
        o.put("yAxis", ChartSpec.axis("log", "attained throughput (TFLOP/s, log)", null));
        List<Object> series = new ArrayList<>();
        String memory = String.format(Locale.ROOT, "memory ceiling: %.0f GB/s", bytesPerSecond / Units.GIGA);
        String compute = String.format(Locale.ROOT, "compute ceiling: %.1f TFLOP/s", peakTera);
        Map<String, Object> ridgeInfo = Map.of("ridge (FLOP/byte)", Answer.significant(ridge), "peak (TFLOP/s)",
                Answer.significant(peakTera), "bandwidth (GB/s)", Answer.significant(bytesPerSecond / Units.GIGA));
        series.add(ceiling(memory, "#777777", List.of(ChartSpec.item(List.of(lo, lo * bytesPerSecond / Units.TERA),
                ridgeInfo), ChartSpec.item(List.of(ridge, peakTera), ridgeInfo))));
        series.add(ceiling(compute, "#000000", List.of(ChartSpec.item(List.of(ridge, peakTera), ridgeInfo),
                ChartSpec.item(List.of(hi, peakTera), ridgeInfo))));
        for (Charts.Series s : ops) {
            series.add(points(s, 1 / Units.TERA));
        }
        o.put("series", series);
        return o;
    }

    /** Bars stacked per {@link Charts.Component#stack} (GPU and host), with the GPU's capacity as a dashed line. */
    static Map<String, Object> stackedBars(String title, String subtitle, String[] categories,
            List<Charts.Component> components, String valueLabel, double capacity, String capacityLabel) {
        Map<String, Object> o = ChartSpec.option(title, subtitle);
        o.put("xAxis", ChartSpec.axis("category", null, List.of(categories)));
        o.put("yAxis", ChartSpec.axis("value", valueLabel, null));
        List<Object> series = new ArrayList<>();
        for (int s = 0; s < components.size(); s++) {
            Charts.Component c = components.get(s);
            List<Object> data = new ArrayList<>();
            for (int k = 0; k < categories.length; k++) {
                data.add(ChartSpec.item(List.of(categories[k], c.values()[k]), Map.of("system", categories[k],
                        c.name() + " (GiB)", Answer.significant(c.values()[k]))));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("stack", c.stack());
            extra.put("itemStyle", Map.of("color", hex(c.paint())));
            if (s == 0 && capacity > 0) {
                extra.put("markLine", Map.of("silent", true, "symbol", "none", "lineStyle", Map.of("type", "dashed",
                        "color", "#333"), "label", Map.of("formatter", capacityLabel, "position", "insideEndTop"),
                        "data", List.of(Map.of("yAxis", capacity))));
            }
            series.add(ChartSpec.series("bar", c.name(), data, extra));
        }
        o.put("series", series);
        return o;
    }

    private static Map<String, Object> points(Charts.Series s, double yScale) {
        List<Object> data = new ArrayList<>();
        for (Charts.Point p : s.points()) {
            data.add(ChartSpec.item(List.of(p.x(), p.y() * yScale), p.info()));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("symbolSize", 10);
        extra.put("itemStyle", Map.of("color", hex(s.paint()), "borderColor", "#222", "borderWidth", 0.6));
        return ChartSpec.series("scatter", s.name(), data, extra);
    }

    private static Map<String, Object> ceiling(String name, String color, List<Object> data) {
        return ChartSpec.series("line", name, data, Map.of("showSymbol", false, "lineStyle", Map.of("width", 2.5,
                "color", color), "itemStyle", Map.of("color", color)));
    }
}
