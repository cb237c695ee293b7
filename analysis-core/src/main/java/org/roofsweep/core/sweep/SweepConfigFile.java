package org.roofsweep.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.StrictObject;
import org.roofsweep.core.config.Suggest;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.systems.Systems;

/**
 * Reads and validates a sweep config ({@code configs/sweeps/*.json}) against the catalogs, before any Spark work.
 * Every problem of the file is reported at once, each naming the file, the JSON path and what was expected. Axis
 * values are lists, or ranges {@code {"from": 1, "to": 64, "times": 2}} / {@code {"from": 0, "to": 0.9, "step": 0.1}}.
 */
public final class SweepConfigFile {
    /** Default guard against accidental giant grids; {@code --max-points} raises it. */
    public static final long DEFAULT_MAX_POINTS = 2_000_000_000L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final List<Integer> KV_BITS = List.of(4, 8, 16);
    private static final List<Integer> ACTIVATION_BITS = List.of(8, 16);
    private static final int MAX_RANGE_VALUES = 100_000;

    private SweepConfigFile() {
    }

    public static SweepPlan load(Path file, Catalogs catalogs, long maxPoints) {
        JsonNode root = JsonFiles.read(file);
        String hash = Catalogs.hashOf(List.of(file)) + ":" + catalogs.hash();
        return parse(file.toString(), root, catalogs, maxPoints, sha(hash));
    }

    private static String sha(String s) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SweepPlan parse(String file, JsonNode root, Catalogs c, long maxPoints, String hash) {
        Problems problems = new Problems();
        StrictObject o = StrictObject.root(file, root, problems);
        String name = o.text("name");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            o.problem("name", "expected letters, digits, '_', '.' or '-' (it names the output folder), found \""
                    + name + "\"");
        }
        String description = o.optionalText("description", "");
        String output = o.optionalText("output", "output/" + name);
        List<String> partitionBy = List.of("platform", "model");
        if (o.has("partition_by")) {
            partitionBy = o.textList("partition_by", false);
            for (String col : partitionBy) {
                if (!SweepSettings.PARTITION_COLUMNS.contains(col)) {
                    o.problem("partition_by", "unknown column \"" + col + "\" (expected some of "
                            + SweepSettings.PARTITION_COLUMNS + ")");
                }
            }
        }
        boolean flash = o.optionalBool("flash_attention", true);
        long maxBxC = 0;
        StrictObject filters = o.optionalObject("filters");
        if (filters != null) {
            maxBxC = (long) filters.optionalNumber("max_batch_x_context", 1, 1e15, 0);
            filters.finish();
        }
        long every = 0;
        StrictObject ops = o.optionalObject("operators");
        if (ops != null) {
            every = (long) ops.number("every", 1, 1e18);
            ops.finish();
        }
        StrictObject axes = o.object("axes");
        SweepPlan plan = null;
        if (axes != null) {
            plan = axes(axes, c, name, hash,
                    new SweepSettings(description, output, partitionBy, flash, maxBxC, every), maxPoints);
        }
        o.finish();
        problems.throwIfAny();
        return plan;
    }

    private static SweepPlan axes(StrictObject a, Catalogs c, String name, String hash, SweepSettings settings,
            long maxPoints) {
        var hw = c.hardware();
        List<Double> hostMemory = numbers(a, Axis.HOST_MEMORY_GIB, 1, 65_536, List.of(0.0), false);
        List<Platform> platforms = resolved(a, Axis.PLATFORMS, s -> hw.platform(s, 0), hw::unknownPlatform);
        List<ModelSpec> models = resolved(a, Axis.MODELS, c.models()::model,
                s -> Suggest.unknown("model", s, c.models().models().keySet()));
        List<String> systems = resolved(a, Axis.SYSTEMS, s -> Systems.byName(s).map(x -> s),
                s -> Suggest.unknown("system", s, Systems.names()));
        List<WeightFormat> weights = new ArrayList<>();
        JsonNode wNode = a.raw(Axis.WEIGHT_BITS.json());
        if (wNode == null) {
            weights.add(new WeightFormat("16", 16));
        } else {
            for (JsonNode v : elements(a, Axis.WEIGHT_BITS, wNode)) {
                String label = v.isNumber() ? trimNumber(v.asDouble()) : v.asText();
                Optional<Double> bits = (v.isNumber() || v.isTextual()) ? c.quantization().bitsPerWeight(label)
                        : Optional.empty();
                if (bits.isEmpty()) {
                    a.problem(Axis.WEIGHT_BITS.json(), "unsupported weight format " + StrictObject.describe(v)
                            + " (expected one of " + c.quantization().bitsByName().keySet() + ")");
                } else {
                    weights.add(new WeightFormat(label, bits.get()));
                }
            }
            noDuplicates(a, Axis.WEIGHT_BITS, weights.stream().map(WeightFormat::label).toList());
        }
        List<Integer> kv = choices(a, Axis.KV_BITS, KV_BITS, List.of(16));
        List<Integer> actBits = choices(a, Axis.ACTIVATION_BITS, ACTIVATION_BITS, List.of(16));
        List<Integer> batches = integers(a, Axis.BATCH_SIZES, 1, 1 << 20, null);
        List<Integer> prompts = integers(a, Axis.PROMPT_TOKENS, 0, 1 << 26, null);
        List<Integer> gens = integers(a, Axis.GENERATED_TOKENS, 1, 1 << 26, null);
        List<Double> sparsity = sparsity(a);
        List<Integer> images = integers(a, Axis.IMAGES, 0, 1024, List.of(0));
        List<int[]> resolutions = resolutions(a);
        List<Integer> gpuLayers = integers(a, Axis.GPU_LAYERS, -1, 100_000, List.of(-1));
        a.finish();
        if (!a.problems().isEmpty()) {
            return null;
        }
        SweepPlan plan = new SweepPlan(name, hash, settings, platforms, models, hostMemory, systems, weights, kv,
                actBits, batches, prompts, gens, sparsity, images, resolutions, gpuLayers,
                c.hardware().calibration());
        long size = plan.size();
        if (size < 0 || size > maxPoints) {
            a.problems().add(a.file(), a.path(), "the grid has " + (size < 0 ? "more than 2^63" : size)
                    + " points, more than the --max-points guard of " + maxPoints
                    + " (raise --max-points if this is intended)");
            return null;
        }
        return plan;
    }

    private static String trimNumber(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The elements of an axis: its array, or the values of a range object. Empty axes are an error. */
    private static List<JsonNode> elements(StrictObject a, Axis axis, JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            a.problem(axis.json(), "expected an array of values, found " + StrictObject.describe(node));
            return out;
        }
        if (out.isEmpty()) {
            a.problem(axis.json(), "empty axis: expected at least one value");
        }
        return out;
    }

    private static <T> List<T> resolved(StrictObject a, Axis axis, Function<String, Optional<T>> lookup,
            Function<String, String> unknown) {
        List<T> out = new ArrayList<>();
        JsonNode node = a.raw(axis.json());
        if (node == null) {
            a.problem(axis.json(), "missing required axis");
            return out;
        }
        List<String> seen = new ArrayList<>();
        List<JsonNode> values = elements(a, axis, node);
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (!v.isTextual()) {
                a.problem(axis.json() + "[" + i + "]", "expected a name, found " + StrictObject.describe(v));
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
        noDuplicates(a, axis, seen);
        return out;
    }

    private static void noDuplicates(StrictObject a, Axis axis, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                a.problem(axis.json(), "value " + v + " appears twice (each point would be computed twice)");
            }
        }
    }

    /** Numbers of an axis, from a list or a range; {@code fallback} when absent (null: the axis is required). */
    private static List<Double> numbers(StrictObject a, Axis axis, double min, double max, List<Double> fallback,
            boolean integral) {
        JsonNode node = a.raw(axis.json());
        if (node == null) {
            if (fallback == null) {
                a.problem(axis.json(), "missing required axis");
                return List.of();
            }
            return fallback;
        }
        List<Double> out = node.isObject() ? range(a, axis, node) : new ArrayList<>();
        if (!node.isObject()) {
            List<JsonNode> values = elements(a, axis, node);
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                if (!v.isNumber() || (integral && !v.isIntegralNumber())) {
                    a.problem(axis.json() + "[" + i + "]", "expected " + (integral ? "a whole number" : "a number")
                            + ", found " + StrictObject.describe(v));
                } else {
                    out.add(v.asDouble());
                }
            }
        }
        for (double d : out) {
            if (!(d >= min && d <= max)) {
                a.problem(axis.json(), "value " + trimNumber(d) + " outside [" + trimNumber(min) + ", "
                        + trimNumber(max) + "]");
            }
        }
        noDuplicates(a, axis, out);
        return out;
    }

    private static List<Double> range(StrictObject a, Axis axis, JsonNode node) {
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
            v = Math.round(v * 1e9) / 1e9;
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

    private static List<Integer> integers(StrictObject a, Axis axis, int min, int max, List<Integer> fallback) {
        List<Double> d = numbers(a, axis, min, max, fallback == null ? null
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

    private static List<Integer> choices(StrictObject a, Axis axis, List<Integer> allowed, List<Integer> fallback) {
        List<Integer> out = integers(a, axis, 1, 64, fallback);
        for (int v : out) {
            if (!allowed.contains(v)) {
                a.problem(axis.json(), "unsupported bit width " + v + " (expected one of " + allowed + ")");
            }
        }
        return out;
    }

    /** Sparsity values in [0, 1), or "model" for each model's published figure (NaN in the plan). */
    private static List<Double> sparsity(StrictObject a) {
        JsonNode node = a.raw(Axis.SPARSITY.json());
        if (node == null) {
            return List.of(Double.NaN);
        }
        List<Double> out = new ArrayList<>();
        if (node.isObject()) {
            out.addAll(range(a, Axis.SPARSITY, node));
        } else {
            List<JsonNode> values = elements(a, Axis.SPARSITY, node);
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                if (v.isTextual() && v.asText().equals("model")) {
                    out.add(Double.NaN);
                } else if (v.isNumber()) {
                    out.add(v.asDouble());
                } else {
                    a.problem(Axis.SPARSITY.json() + "[" + i + "]", "expected a number in [0, 1) or \"model\", found "
                            + StrictObject.describe(v));
                }
            }
        }
        for (double s : out) {
            if (!Double.isNaN(s) && !(s >= 0 && s < 1)) {
                a.problem(Axis.SPARSITY.json(), "sparsity " + s + " outside [0, 1)");
            }
        }
        noDuplicates(a, Axis.SPARSITY, out.stream().map(d -> Double.isNaN(d) ? "model" : d.toString()).toList());
        return out;
    }

    private static List<int[]> resolutions(StrictObject a) {
        JsonNode node = a.raw(Axis.IMAGE_RESOLUTIONS.json());
        if (node == null) {
            return List.<int[]>of(new int[] {336, 336});
        }
        List<int[]> out = new ArrayList<>();
        List<JsonNode> values = elements(a, Axis.IMAGE_RESOLUTIONS, node);
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            Matcher m = v.isTextual() ? RESOLUTION.matcher(v.asText()) : null;
            if (m == null || !m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
                a.problem(Axis.IMAGE_RESOLUTIONS.json() + "[" + i + "]",
                        "expected \"WIDTHxHEIGHT\" in pixels, e.g. \"672x672\", found " + StrictObject.describe(v));
            } else {
                out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            }
        }
        noDuplicates(a, Axis.IMAGE_RESOLUTIONS, out.stream().map(r -> r[0] + "x" + r[1]).toList());
        return out;
    }
}
