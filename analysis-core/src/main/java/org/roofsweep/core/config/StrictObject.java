package org.roofsweep.core.config;

import static org.roofsweep.core.config.JsonValues.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict view of one JSON object: every field must be read exactly through this class, and {@link #finish()}
 * reports the fields nobody asked for. Problems are collected, not thrown, so a file reports all its errors at once.
 * Failed reads return a neutral value (NaN, 0, "") that callers never publish, since the collected problems are
 * thrown before any record is used.
 */
public final class StrictObject {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Problems problems;
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, String> sources;

    private StrictObject(String file, String path, JsonNode node, Problems problems, Map<String, String> sources) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        this.sources = sources;
    }

    /** The root object of a file; if the root is not an object, a problem is recorded and every read misses. */
    public static StrictObject root(String file, JsonNode node, Problems problems) {
        if (!node.isObject()) {
            problems.add(file, "$", "expected a JSON object, found " + describe(node));
        }
        return new StrictObject(file, "$", node, problems, new LinkedHashMap<>());
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    /** Source of each figure read so far under this root, keyed by JSON path. */
    public Map<String, String> sources() {
        return sources;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    private JsonNode get(String field, boolean required) {
        read.add(field);
        JsonNode v = node.isObject() ? node.get(field) : null;
        if (v == null && required && node.isObject()) {
            problem(field, "missing required field");
        }
        return v;
    }

    public void problem(String field, String message) {
        problems.add(file, at(field), message);
    }

    private String at(String field) {
        return path + "." + field;
    }

    public String text(String field) {
        JsonNode v = get(field, true);
        if (v == null) {
            return "";
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problem(field, "expected a non-empty string, found " + describe(v));
            return "";
        }
        return v.asText();
    }

    /** A string field that may be absent or null. */
    public String optionalText(String field, String fallback) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            problem(field, "expected a string, found " + describe(v));
            return fallback;
        }
        return v.asText();
    }

    /** A string that must be one of the allowed values. */
    public String choice(String field, List<String> allowed) {
        String s = text(field);
        if (!s.isEmpty() && !allowed.contains(s)) {
            problem(field, "expected one of " + allowed + ", found \"" + s + "\"");
        }
        return s;
    }

    /** The raw node of a field (marked as read), or null when absent. */
    public JsonNode raw(String field) {
        return get(field, false);
    }

    public boolean optionalBool(String field, boolean fallback) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problem(field, "expected true or false, found " + describe(v));
            return fallback;
        }
        return v.asBoolean();
    }

    /** A nested object that may be absent or null. */
    public StrictObject optionalObject(String field) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problem(field, "expected an object, found " + describe(v));
            return null;
        }
        return new StrictObject(file, at(field), v, problems, sources);
    }

    public boolean bool(String field) {
        JsonNode v = get(field, true);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            problem(field, "expected true or false, found " + describe(v));
            return false;
        }
        return v.asBoolean();
    }

    /** A number in [min, max]. */
    public double number(String field, double min, double max) {
        JsonNode v = get(field, true);
        return v == null ? Double.NaN : checkNumber(field, v, min, max);
    }

    public double optionalNumber(String field, double min, double max, double fallback) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return checkNumber(field, v, min, max);
    }

    private double checkNumber(String field, JsonNode v, double min, double max) {
        String why = JsonValues.numberProblem(v, min, max);
        if (why != null) {
            problem(field, why);
            return Double.NaN;
        }
        return v.asDouble();
    }

    /** A whole number in [min, max]. */
    public int integer(String field, int min, int max) {
        JsonNode v = get(field, true);
        return v == null ? 0 : (int) checkWhole(field, v, min, max);
    }

    public int optionalInteger(String field, int min, int max, int fallback) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return (int) checkWhole(field, v, min, max);
    }

    /** A whole number (a count) in [min, max] that may be absent or null. */
    public long optionalCount(String field, long min, long max, long fallback) {
        JsonNode v = get(field, false);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return checkWhole(field, v, min, max);
    }

    /** A whole number (a count) in [min, max]. */
    public long count(String field, long min, long max) {
        JsonNode v = get(field, true);
        return v == null ? 0 : checkWhole(field, v, min, max);
    }

    /** {@code v} as a whole number in [min, max] (see {@link JsonValues#wholeProblem}); 0 with a problem otherwise. */
    private long checkWhole(String field, JsonNode v, long min, long max) {
        String why = JsonValues.wholeProblem(v, min, max);
        if (why != null) {
            problem(field, why);
            return 0;
        }
        return v.asLong();
    }

    /**
     * A sourced figure {@code {"value": number|null, "source": "..."}}, with an optional {@code "basis"} text (why, where
     * the source says how it was obtained). Returns NaN when the value is null (genuinely
     * unknown or not supported); the source is then required to say which.
     */
    public double figure(String field, double min, double max) {
        return figure(field, min, max, true);
    }

    /** A sourced figure whose value must be a number: a null value is a problem, not "unknown". */
    public double knownFigure(String field, double min, double max) {
        return figure(field, min, max, false);
    }

    private double figure(String field, double min, double max, boolean nullable) {
        StrictObject f = object(field);
        if (f == null) {
            return Double.NaN;
        }
        JsonNode v = f.get("value", true);
        String source = f.text("source");
        // the hand-written reasons beside a generated source (calibration.json's fitted figures)
        f.optionalText("basis", "");
        double value = Double.NaN;
        if (v != null && !v.isNull()) {
            value = f.checkNumber("value", v, min, max);
        } else if (v != null && !nullable) {
            f.problem("value", "expected a number, found null (this figure must be known)");
        }
        f.finish();
        sources.put(at(field), source);
        return value;
    }

    /**
     * A sourced yes/no fact, {@code {"value": true|false, "source": "..."}} (a property of an engine its code shows),
     * required; false with a problem recorded when it is missing or malformed.
     */
    public boolean sourcedFlag(String field) {
        StrictObject f = object(field);
        if (f == null) {
            return false;
        }
        boolean value = f.bool("value");
        String source = f.text("source");
        f.finish();
        sources.put(at(field), source);
        return value;
    }

    /** A nested object, or null (with a problem recorded) when it is missing or not an object. */
    public StrictObject object(String field) {
        JsonNode v = get(field, true);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            problem(field, "expected an object, found " + describe(v));
            return null;
        }
        return new StrictObject(file, at(field), v, problems, sources);
    }

    /** A nested object that may be null; a missing field is still an error (every schema field is present). */
    public StrictObject nullableObject(String field) {
        JsonNode v = get(field, true);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problem(field, "expected an object or null, found " + describe(v));
            return null;
        }
        return new StrictObject(file, at(field), v, problems, sources);
    }

    public List<String> textList(String field, boolean nonEmpty) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(field, nonEmpty)) {
            if (e.isTextual() && !e.asText().isBlank()) {
                out.add(e.asText());
            } else {
                problem(field, "expected non-empty strings, found " + describe(e));
            }
        }
        return out;
    }

    /** The elements of an array field; an empty list (and a problem) when it is not an array. */
    public List<JsonNode> array(String field, boolean nonEmpty) {
        JsonNode v = get(field, true);
        List<JsonNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problem(field, "expected an array, found " + describe(v));
            return out;
        }
        v.forEach(out::add);
        if (nonEmpty && out.isEmpty()) {
            problem(field, "expected at least one value, found an empty array");
        }
        return out;
    }

    /** Element {@code i} of array {@code field} as a strict object. */
    public StrictObject element(String field, int i, JsonNode e) {
        String p = at(field) + "[" + i + "]";
        if (!e.isObject()) {
            problems.add(file, p, "expected an object, found " + describe(e));
        }
        return new StrictObject(file, p, e, problems, sources);
    }

    /** Records a problem for every field of this object that no reader asked for. */
    public void finish() {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!read.contains(n)) {
                problem(n, "unknown field (expected one of " + read + ")");
            }
        }
    }
}
