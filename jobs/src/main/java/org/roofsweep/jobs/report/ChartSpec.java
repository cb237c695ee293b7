package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One interactive chart of the page: the ECharts options it can show and the label of the selector that picks one
 * (model and GPU, say). The options are plain maps and lists, serialised to JSON by {@link Echarts#json}; each data
 * item may carry an {@code info} map (a point's inputs and results) that the page's tooltip lists.
 */
record ChartSpec(String select, List<Choice> choices) {
    /** One option and its label in the selector. */
    record Choice(String label, Map<String, Object> option) {
    }

    ChartSpec {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one option");
        }
        choices = List.copyOf(choices);
    }

    static ChartSpec of(Map<String, Object> option) {
        return new ChartSpec("", List.of(new Choice("", option)));
    }

    /** An option with a title, a subtitle, a scrolling legend at the top and room for axis names. */
    static Map<String, Object> option(String title, String subtitle) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("title", Map.of("text", title, "subtext", subtitle, "left", "center", "textStyle",
                Map.of("fontSize", 15)));
        o.put("legend", Map.of("type", "scroll", "top", 52));
        o.put("grid", Map.of("top", 96, "left", 80, "right", 40, "bottom", 64));
        return o;
    }

    /** An axis: {@code type} is value, log or category; its name sits in the middle, beside the ticks. */
    static Map<String, Object> axis(String type, String name, List<String> categories) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", type);
        a.put("name", name);
        a.put("nameLocation", "middle");
        a.put("nameGap", type.equals("category") ? 30 : 48);
        if (type.equals("value")) {
            a.put("scale", true);
        }
        if (categories != null) {
            a.put("data", categories);
        }
        return a;
    }

    /** A data item: its coordinates and what the tooltip lists for it. */
    static Map<String, Object> item(List<?> value, Map<String, Object> info) {
        return Map.of("value", value, "info", info);
    }

    /** A series of {@code type} (line, scatter, bar, heatmap) named {@code name}; {@code extra} adds settings. */
    static Map<String, Object> series(String type, String name, List<?> data, Map<String, Object> extra) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("name", name);
        s.put("data", new ArrayList<>(data));
        s.putAll(extra);
        return s;
    }
}
