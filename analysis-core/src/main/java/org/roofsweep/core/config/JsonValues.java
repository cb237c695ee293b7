package org.roofsweep.core.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules a JSON value meets, in the words of a config problem: what a value is ({@link #describe}) and whether a
 * number lies in its range, whole where a count is expected. Each check returns the problem's message, or null when
 * the value passes; {@link StrictObject} records the message under the field's JSON path.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** A value as a message names it: its kind and, for a scalar, its text ({@code a number 2.5}, {@code null}). */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        String kind = v.isTextual() ? "a string" : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean"
                : v.isArray() ? "an array" : "an object";
        String text = v.isContainerNode() ? "" : " " + v.toString();
        return kind + text;
    }

    /** Null when {@code v} is a number in [min, max]; else why not, quoting the number as written. */
    static String numberProblem(JsonNode v, double min, double max) {
        if (!v.isNumber()) {
            return "expected a number, found " + describe(v);
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            return "expected a number in [" + fmt(min) + ", " + fmt(max) + "], found " + v.asText();
        }
        return null;
    }

    /**
     * Null when {@code v} is a whole number in [min, max]: a fraction ({@code 2.5}, also {@code 2.0}) is no count, and
     * a number beyond 64 bits is out of range rather than wrapped; messages quote the number as written.
     */
    static String wholeProblem(JsonNode v, long min, long max) {
        if (!v.isIntegralNumber()) {
            return "expected a whole number, found " + describe(v);
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            return "expected a whole number in [" + min + ", " + max + "], found " + v.asText();
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
