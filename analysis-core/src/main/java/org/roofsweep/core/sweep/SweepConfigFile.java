package org.roofsweep.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.JsonValues;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.Sha256;
import org.roofsweep.core.config.StrictObject;
import org.roofsweep.core.config.Suggest;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.ContextSize;
import org.roofsweep.core.systems.Systems;

/**
 * Reads and validates a sweep config ({@code configs/sweeps/*.json}) against the catalogs, before any Spark work.
 * Every problem of the file is reported at once, each naming the file, the JSON path and what was expected. Axis
 * values are lists, or ranges {@code {"from": 1, "to": 64, "times": 2}} / {@code {"from": 0, "to": 0.9, "step": 0.1}}.
 */
public final class SweepConfigFile {
    /** Default guard against accidental giant grids; {@code --max-points} raises it. */
    public static final long DEFAULT_MAX_POINTS = 2_000_000_000L;
    /** The largest context_size a sweep may name: 2^24 tokens, beyond any model's trained context. */
    private static final int MAX_CONTEXT_TOKENS = 1 << 24;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final List<Integer> KV_BITS = List.of(4, 8, 16);
    private static final List<Integer> ACTIVATION_BITS = List.of(8, 16);

    private SweepConfigFile() {
    }

    public static SweepPlan load(Path file, Catalogs catalogs, long maxPoints) {
        JsonNode root = JsonFiles.read(file);
        String hash = Sha256.ofFiles(List.of(file)) + ":" + catalogs.hash();
        return parse(file.toString(), root, catalogs, maxPoints, Sha256.of(hash));
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
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String col : partitionBy) {
                if (!SweepSettings.PARTITION_COLUMNS.contains(col)) {
                    o.problem("partition_by", "unknown column \"" + col + "\" (expected some of "
                            + SweepSettings.PARTITION_COLUMNS + ")");
                } else if (!seen.add(col)) {
                    o.problem("partition_by", "column \"" + col + "\" appears twice (a table partitioned by one "
                            + "column twice cannot be read back)");
                }
            }
        }
        boolean flash = o.optionalBool("flash_attention", true);
        Optional<LocalDate> built = buildDate(o);
        long maxBxC = 0;
        StrictObject filters = o.optionalObject("filters");
        if (filters != null) {
            maxBxC = filters.optionalCount("max_batch_x_context", 1, Long.MAX_VALUE, 0);
            filters.finish();
        }
        long every = 0;
        StrictObject ops = o.optionalObject("operators");
        if (ops != null) {
            every = ops.count("every", 1, Long.MAX_VALUE);
            ops.finish();
        }
        StrictObject axes = o.object("axes");
        SweepPlan plan = null;
        if (axes != null) {
            plan = axes(axes, c, name, hash,
                    new SweepSettings(description, output, partitionBy, flash, maxBxC, every), built, maxPoints);
        }
        o.finish();
        problems.throwIfAny();
        return plan;
    }

    /**
     * The sweep's {@code build_date}: the day of the llama.cpp build its points price (an ISO date), or empty (today's
     * build, the default).
     */
    private static Optional<LocalDate> buildDate(StrictObject o) {
        String text = o.optionalText("build_date", "");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            o.problem("build_date", "expected an ISO date such as 2023-09-23 (the day of the llama.cpp build the sweep "
                    + "prices), found \"" + text + "\"");
            return Optional.empty();
        }
    }

    private static SweepPlan axes(StrictObject a, Catalogs c, String name, String hash, SweepSettings settings,
            Optional<LocalDate> built, long maxPoints) {
        var hw = c.hardware();
        AxisReader r = new AxisReader(a);
        List<Double> hostMemory = r.numbers(Axis.HOST_MEMORY_GIB, Platform.MIN_HOST_MEMORY_GIB,
                Platform.MAX_HOST_MEMORY_GIB, List.of(0.0), false);
        List<Double> hostBandwidth = numbersOr(r, Axis.HOST_BANDWIDTH_GB_S, "platform",
                Platform::isHostBandwidthGbS, Platform.HOST_BANDWIDTH_RANGE);
        List<Platform> platforms = r.resolved(Axis.PLATFORMS, s -> hw.platform(s, 0), hw::unknownPlatform);
        List<ModelSpec> models = r.resolved(Axis.MODELS, c.models()::model,
                s -> Suggest.unknown("model", s, c.models().models().keySet()));
        List<String> systems = r.resolved(Axis.SYSTEMS, s -> Systems.byName(s).map(x -> s),
                s -> Suggest.unknown("system", s, Systems.names()));
        List<WeightFormat> weights = new ArrayList<>();
        JsonNode wNode = a.raw(Axis.WEIGHT_BITS.json());
        if (wNode == null) {
            weights.add(new WeightFormat("16", 16));
        } else {
            for (JsonNode v : r.elements(Axis.WEIGHT_BITS, wNode)) {
                String label = v.isNumber() ? AxisReader.trimNumber(v.asDouble()) : v.asText();
                Optional<Double> bits = (v.isNumber() || v.isTextual()) ? c.quantization().bitsPerWeight(label)
                        : Optional.empty();
                if (bits.isEmpty()) {
                    a.problem(Axis.WEIGHT_BITS.json(), "unsupported weight format " + JsonValues.describe(v)
                            + " (expected one of " + c.quantization().bitsByName().keySet() + ")");
                } else {
                    weights.add(new WeightFormat(label, bits.get()));
                }
            }
            r.noDuplicates(Axis.WEIGHT_BITS, weights.stream().map(WeightFormat::label).toList());
        }
        List<Integer> kv = r.choices(Axis.KV_BITS, KV_BITS, List.of(16));
        List<Integer> actBits = r.choices(Axis.ACTIVATION_BITS, ACTIVATION_BITS, List.of(16));
        List<Integer> batches = r.integers(Axis.BATCH_SIZES, 1, 1 << 20, null);
        List<Integer> prompts = r.integers(Axis.PROMPT_TOKENS, 0, 1 << 26, null);
        List<Integer> gens = r.integers(Axis.GENERATED_TOKENS, 1, 1 << 26, null);
        List<Double> sparsity = sparsity(r, Axis.SPARSITY);
        List<Integer> images = r.integers(Axis.IMAGES, 0, 1024, List.of(0));
        List<int[]> resolutions = resolutions(r);
        List<Integer> gpuLayers = r.integers(Axis.GPU_LAYERS, -1, 100_000, List.of(-1));
        List<Integer> moeCpuLayers = r.integers(Axis.MOE_CPU_LAYERS, -1, 100_000, List.of(-1));
        List<Boolean> kvOffload = r.booleans(Axis.KV_OFFLOAD, List.of(false));
        List<Integer> contextSizes = contextSizes(r);
        List<Integer> kvDepths = r.integers(Axis.KV_DEPTH, 0, MAX_CONTEXT_TOKENS, List.of(0));
        ImageTokenAxes imageTokens = ImageTokenAxes.read(r);
        a.finish();
        if (!a.problems().isEmpty()) {
            return null;
        }
        SweepPlan plan = new SweepPlan(name, hash, settings, platforms, models, hostMemory, systems, weights, kv,
                actBits, batches, prompts, gens, sparsity, images, resolutions, gpuLayers, moeCpuLayers, kvOffload,
                contextSizes, imageTokens, hostBandwidth, kvDepths, c.hardware().calibration(), built);
        long size = plan.size();
        if (size < 0 || size > maxPoints) {
            a.problems().add(a.file(), a.path(), "the grid has " + (size < 0 ? "more than 2^63" : size)
                    + " points, more than the --max-points guard of " + maxPoints
                    + " (raise --max-points if this is intended)");
            return null;
        }
        return plan;
    }

    /**
     * Sparsity values of an axis in [0, 1), or "model" (NaN in the plan): for {@code sparsity} each model's published
     * figure, for {@code image_sparsity} the text's.
     */
    static List<Double> sparsity(AxisReader r, Axis axis) {
        return numbersOr(r, axis, "model", s -> s >= 0 && s < 1, "[0, 1)");
    }

    /**
     * Values of an axis: numbers (a list or a range) that {@code inRange} accepts, or {@code word} (NaN in the plan),
     * which stands for the figure of the model or platform; absent, {@code word} alone.
     */
    static List<Double> numbersOr(AxisReader r, Axis axis, String word, DoublePredicate inRange, String range) {
        JsonNode node = r.raw(axis);
        if (node == null) {
            return List.of(Double.NaN);
        }
        List<Double> out = new ArrayList<>();
        if (node.isObject()) {
            out.addAll(r.range(axis, node));
        } else {
            List<JsonNode> values = r.elements(axis, node);
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                if (v.isTextual() && v.asText().equals(word)) {
                    out.add(Double.NaN);
                } else if (v.isNumber()) {
                    out.add(v.asDouble());
                } else {
                    r.problem(axis.json() + "[" + i + "]", "expected a number in " + range + " or \"" + word
                            + "\", found " + JsonValues.describe(v));
                }
            }
        }
        for (double s : out) {
            if (!Double.isNaN(s) && !inRange.test(s)) {
                r.problem(axis.json(), axis.json() + " " + s + " outside " + range);
            }
        }
        r.noDuplicates(axis, out.stream().map(d -> Double.isNaN(d) ? word : d.toString()).toList());
        return out;
    }

    /** Context sizes: token counts, "runtime" (the runtime's default) or "request" (exactly the request's context). */
    private static List<Integer> contextSizes(AxisReader r) {
        JsonNode node = r.raw(Axis.CONTEXT_SIZE);
        if (node == null) {
            return List.of(ContextSize.RUNTIME);
        }
        List<Integer> out = new ArrayList<>();
        List<JsonNode> values = r.elements(Axis.CONTEXT_SIZE, node);
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (v.isTextual() && v.asText().equals("runtime")) {
                out.add(ContextSize.RUNTIME);
            } else if (v.isTextual() && v.asText().equals("request")) {
                out.add(ContextSize.REQUEST);
            } else if (v.isIntegralNumber() && v.asLong() >= 1 && v.asLong() <= MAX_CONTEXT_TOKENS) {
                out.add(v.asInt());
            } else {
                r.problem(Axis.CONTEXT_SIZE.json() + "[" + i + "]", "expected a whole number of tokens in [1, "
                        + MAX_CONTEXT_TOKENS + "], \"runtime\" or \"request\", found " + JsonValues.describe(v));
            }
        }
        r.noDuplicates(Axis.CONTEXT_SIZE, out.stream().map(ContextSize::label).toList());
        return out;
    }

    private static List<int[]> resolutions(AxisReader r) {
        JsonNode node = r.raw(Axis.IMAGE_RESOLUTIONS);
        if (node == null) {
            return List.<int[]>of(new int[] {336, 336});
        }
        List<int[]> out = new ArrayList<>();
        List<JsonNode> values = r.elements(Axis.IMAGE_RESOLUTIONS, node);
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            Matcher m = v.isTextual() ? RESOLUTION.matcher(v.asText()) : null;
            if (m == null || !m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
                r.problem(Axis.IMAGE_RESOLUTIONS.json() + "[" + i + "]",
                        "expected \"WIDTHxHEIGHT\" in pixels, e.g. \"672x672\", found " + JsonValues.describe(v));
            } else {
                out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            }
        }
        r.noDuplicates(Axis.IMAGE_RESOLUTIONS, out.stream().map(wh -> wh[0] + "x" + wh[1]).toList());
        return out;
    }
}
