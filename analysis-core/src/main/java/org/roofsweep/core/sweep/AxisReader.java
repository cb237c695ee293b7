package org.roofsweep.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.roofsweep.core.config.JsonValues;
import org.roofsweep.core.config.StrictObject;

/**
 * The generic reading of a sweep config's {@code axes} object: an axis is a list of values or a range
 * ({@code {"from": 1, "to": 64, "times": 2}} / {@code {"from": 0, "to": 0.9, "step": 0.1}}); numbers within bounds,
 * whole numbers, names resolved against a catalog, choices among allowed values, and no value twice. Problems go to
 * the axes object's {@link StrictObject}, each naming the axis (and the element) it is about.
 */
final class AxisReader {
    private static final int MAX_RANGE_VALUES = 100_000;
    /** Out-of-bounds values one problem quotes; a range of many is one problem, not one per value. */
    private static final int SHOWN_OUTSIDE = 5;
    /** Range values are rounded to 1e-9: 0 + 3 x 0.1 is 0.3 (not 0.30000000000000004) and meets an end of 0.3. */
    private static final double RANGE_RESOLUTION = 1e9;

    private final StrictObject a;

    AxisReader(StrictObject axes) {
        this.a = axes;
    }

    /** The axis's JSON value, or null when absent. */
    JsonNode raw(Axis axis) {
        return a.raw(axis.json());
    }

    void problem(String path, String message) {
        a.problem(path, message);
    }

    /** A number as a config writes it: 16, not 16.0 (and 1.0E20 rather than a 64-bit integer it does not fit). */
    static String trimNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The elements of an axis given as an array; anything else, or an empty array, is an error. */
    List<JsonNode> elements(Axis axis, JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            a.problem(axis.json(), "expected an array of values, found " + JsonValues.describe(node));
            return out;
        }
        if (out.isEmpty()) {
            a.problem(axis.json(), "empty axis: expected at least one value");
        }
        return out;
    }

    /** Names of an axis (required), each looked up; {@code unknown} explains a name the lookup misses. */
    <T> List<T> resolved(Axis axis, Function<String, Optional<T>> lookup, Function<String, String> unknown) {
        List<T> out = new ArrayList<>();
        JsonNode node = raw(axis);
        if (node == null) {
            a.problem(axis.json(), "missing required axis");
            return out;
        }
        List<String> seen = new ArrayList<>();
        List<JsonNode> values = elements(axis, node);
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (!v.isTextual()) {
                a.problem(axis.json() + "[" + i + "]", "expected a name, found " + JsonValues.describe(v));
                continue;
            }
            Optional<T> r = lookup.apply(v.asText());
            if (r.isEmpty()) {
                a.problem(axis.json() + "[" + i + "]", unknown.apply(v.asText()));
            } else {
                out.add(r.get());
                seen.add(v.asText());
            }
        }
        noDuplicates(axis, seen);
        return out;
    }

    /** A problem for each value that appears twice (each point would be computed twice). */
    void noDuplicates(Axis axis, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                a.problem(axis.json(), "value " + v + " appears twice (each point would be computed twice)");
            }
        }
    }

    /** Numbers of an axis, from a list or a range; {@code fallback} when absent (null: the axis is required). */
    List<Double> numbers(Axis axis, double min, double max, List<Double> fallback, boolean integral) {
        JsonNode node = raw(axis);
        if (node == null) {
            if (fallback == null) {
                a.problem(axis.json(), "missing required axis");
                return List.of();
            }
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        List<String> written = new ArrayList<>();
        if (node.isObject()) {
            for (double d : range(axis, node)) {
                out.add(d);
                written.add(trimNumber(d));
            }
        } else {
            List<JsonNode> values = elements(axis, node);
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                if (!v.isNumber() || (integral && !v.isIntegralNumber())) {
                    a.problem(axis.json() + "[" + i + "]", "expected " + (integral ? "a whole number" : "a number")
                            + ", found " + JsonValues.describe(v));
                } else {
                    out.add(v.asDouble());
                    written.add(v.asText());
                }
            }
        }
        List<String> outside = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (!(out.get(i) >= min && out.get(i) <= max)) {
                outside.add(written.get(i));
            }
        }
        if (!outside.isEmpty()) {
            a.problem(axis.json(), (outside.size() == 1 ? "value " : outside.size() + " values ")
                    + String.join(", ", outside.subList(0, Math.min(outside.size(), SHOWN_OUTSIDE)))
                    + (outside.size() > SHOWN_OUTSIDE ? ", ..." : "") + " outside [" + trimNumber(min) + ", "
                    + trimNumber(max) + "]");
        }
        noDuplicates(axis, out);
        return out;
    }

    List<Double> range(Axis axis, JsonNode node) {
        StrictObject r = a.object(axis.json());
        double from = r.number("from", -1e18, 1e18);
        double to = r.number("to", -1e18, 1e18);
        double step = r.optionalNumber("step", 1e-12, 1e18, Double.NaN);
        double times = r.optionalNumber("times", 1.000001, 1e6, Double.NaN);
        r.finish();
        List<Double> out = new ArrayList<>();
        if (Double.isNaN(from) || Double.isNaN(to)) {
            return out;
        }
        if (Double.isNaN(step) == Double.isNaN(times)) {
            r.problem("step", "a range needs exactly one of \"step\" (linear) or \"times\" (geometric)");
            return out;
        }
        if (to < from) {
            r.problem("to", "must not be below \"from\" (" + trimNumber(from) + ")");
            return out;
        }
        if (!Double.isNaN(times) && from <= 0) {
            r.problem("from", "a geometric range must start above 0");
            return out;
        }
        for (int i = 0; out.size() <= MAX_RANGE_VALUES; i++) {
            double v = Double.isNaN(step) ? from * Math.pow(times, i) : from + i * step;
            v = Math.round(v * RANGE_RESOLUTION) / RANGE_RESOLUTION;
            if (v > to + 1e-9) {
                break;
            }
            out.add(v);
        }
        if (out.size() > MAX_RANGE_VALUES) {
            r.problem("to", "the range has more than " + MAX_RANGE_VALUES + " values");
        }
        return out;
    }

    /** Whole numbers of an axis in [min, max]; {@code fallback} when absent (null: the axis is required). */
    List<Integer> integers(Axis axis, int min, int max, List<Integer> fallback) {
        List<Double> d = numbers(axis, min, max, fallback == null ? null
                : fallback.stream().map(Integer::doubleValue).toList(), true);
        List<Integer> out = new ArrayList<>();
        for (double v : d) {
            if (v != Math.rint(v)) {
                a.problem(axis.json(), "value " + v + " is not a whole number");
            }
            out.add((int) v);
        }
        return out;
    }

    /** Bit widths of an axis, each one of {@code allowed}; {@code fallback} when absent. */
    List<Integer> choices(Axis axis, List<Integer> allowed, List<Integer> fallback) {
        List<Integer> out = integers(axis, 1, 64, fallback);
        for (int v : out) {
            if (!allowed.contains(v)) {
                a.problem(axis.json(), "unsupported bit width " + v + " (expected one of " + allowed + ")");
            }
        }
        return out;
    }

    /** True/false values of an axis; {@code fallback} when absent. */
    List<Boolean> booleans(Axis axis, List<Boolean> fallback) {
        if (!a.has(axis.json())) {
            return fallback;
        }
        List<Boolean> out = new ArrayList<>();
        for (JsonNode e : elements(axis, a.raw(axis.json()))) {
            if (e.isBoolean()) {
                out.add(e.asBoolean());
            } else {
                a.problem(axis.json(), "expected true or false, found " + JsonValues.describe(e));
            }
        }
        return out;
    }
}
