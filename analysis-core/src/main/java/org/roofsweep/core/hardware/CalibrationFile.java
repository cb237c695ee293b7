package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.roofsweep.core.Units;
import org.roofsweep.core.config.StrictObject;

/**
 * Reads {@code configs/calibration.json}: efficiencies per GPU backend and kernel path, family deviations, host CPU
 * efficiencies and runtime constants.
 */
public final class CalibrationFile {
    static final List<String> GPU_BACKENDS = List.of("cuda", "rocm", "metal", "vulkan", "sycl");
    private static final List<String> PATHS = List.of("int8", "float", "vector", "dequant_f16");
    /** A family departing from its backend by more than 5x either way is a data error, not a deviation. */
    private static final double MIN_DEVIATION = 0.2;
    private static final double MAX_DEVIATION = 5;
    /** Joules per picojoule. */
    private static final double PICO = 1e-12;
    private CalibrationFile() {
    }

    public static Calibration read(StrictObject o, JsonNode root) {
        Map<Backend, BackendCalibration> backends = new EnumMap<>(Backend.class);
        StrictObject bs = o.object("backends");
        if (bs != null) {
            Iterator<String> names = root.get("backends").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                Optional<Backend> b = Backend.byKey(name).filter(k -> k != Backend.CPU);
                if (b.isEmpty()) {
                    bs.problem(name, "unknown GPU backend (expected one of " + GPU_BACKENDS + ")");
                    bs.object(name);
                    continue;
                }
                BackendCalibration c = backend(b.get(), bs.object(name));
                if (c != null) {
                    backends.put(b.get(), c);
                }
            }
            bs.finish();
        }
        Map<String, FamilyDeviation> deviations = new LinkedHashMap<>();
        StrictObject fam = o.optionalObject("family_deviations");
        if (fam != null) {
            Iterator<String> names = root.get("family_deviations").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!GpuFile.FAMILIES.contains(name)) {
                    fam.problem(name, "unknown GPU family (expected one of " + GpuFile.FAMILIES + ")");
                    fam.object(name);
                    continue;
                }
                StrictObject d = fam.object(name);
                if (d == null) {
                    continue;
                }
                double memory = d.knownFigure("memory", MIN_DEVIATION, MAX_DEVIATION);
                double compute = d.knownFigure("compute", MIN_DEVIATION, MAX_DEVIATION);
                d.finish();
                if (!Double.isNaN(memory + compute)) {
                    deviations.put(name, new FamilyDeviation(memory, compute));
                }
            }
            fam.finish();
        }
        StrictObject cpuObject = o.object("cpu");
        double threadBandwidth = cpuObject == null ? Double.NaN
                : cpuObject.knownFigure("thread_bandwidth_gb_per_s", 1, 1000) * Units.GIGA;
        double cpuQuantized = cpuObject == null ? Double.NaN : cpuObject.knownFigure("quantized_compute", 0.01, 1);
        // the CPU's integer matrix kernels (tinyBLAS_Q0, repacked GEMMs): CpuMatmulPath.GEMM
        double cpuGemm = cpuObject == null ? Double.NaN
                : cpuObject.knownFigure("quantized_gemm_compute", 0.01, 1);
        // the vector work of both quantized kernels beside their dot products (Efficiency.vectorOpsPerInt8Op)
        double cpuVectorOps = cpuObject == null || !cpuObject.has(CPU_VECTOR_OPS_KEY) ? 0
                : cpuObject.knownFigure(CPU_VECTOR_OPS_KEY, 0, 100);
        // other engines' CPU prompt kernels (ik_llama.cpp): CpuEngine
        Map<String, CpuEngine> cpuEngines = cpuObject == null ? Map.of()
                : CpuEngine.read(cpuObject.optionalObject("engines"), root.path("cpu").path("engines"));
        double expertSeconds = cpuObject == null || !cpuObject.has(CPU_EXPERT_KEY) ? 0
                : cpuObject.knownFigure(CPU_EXPERT_KEY, 0, 10_000) * Units.MICROSECOND;
        Efficiency cpu = efficiency(cpuObject);
        if (cpu != null && !Double.isNaN(cpuQuantized + cpuVectorOps)) {
            cpu = new Efficiency(cpu.memory(), cpu.compute(), cpu.layerOverheadSeconds(), cpuQuantized,
                    Efficiency.QuantizedPath.INT8, 0, 0, cpuVectorOps);
        }
        RuntimeConstants runtime = null;
        StrictObject r = o.object("runtime");
        if (r != null) {
            runtime = runtime(r);
            r.finish();
        }
        Map<Backend, VisionPath> vision = vision(o.object("vision"), root.get("vision"), backends.keySet());
        Map<String, EngineCalibration> engines = EngineCalibration.read(o.optionalObject("engines"), root.get("engines"));
        o.optionalText("notes", "");
        o.finish();
        o.problems().throwIfAny();
        return new Calibration(backends, deviations, cpu, threadBandwidth, runtime, vision, engines, cpuGemm,
                cpuEngines, Double.isNaN(expertSeconds) ? 0 : expertSeconds);
    }

    /**
     * The vision paths: one entry per GPU backend of {@code backends} and one for {@code cpu}, each with its status
     * ({@code calibration}) and its {@code compute} factor; a missing, unknown or bad entry is a problem.
     */
    private static Map<Backend, VisionPath> vision(StrictObject v, JsonNode node, java.util.Set<Backend> gpus) {
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        if (v == null) {
            return paths;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Optional<Backend> b = Backend.byKey(name);
            if (b.isEmpty()) {
                v.problem(name, "unknown backend (expected cpu or one of " + GPU_BACKENDS + ")");
                v.object(name);
                continue;
            }
            StrictObject e = v.object(name);
            if (e == null) {
                continue;
            }
            String status = calibrationStatus(e);
            double factor = e.knownFigure("compute", VisionPath.MIN_COMPUTE_FACTOR, 1);
            e.finish();
            if (BackendCalibration.knownStatus(status) && !Double.isNaN(factor)) {
                paths.put(b.get(), new VisionPath(factor, status));
            }
        }
        for (Backend b : gpus) {
            if (!node.has(b.key())) {
                v.problem(b.key(), "missing: every backend of \"backends\" needs its vision path");
            }
        }
        if (!node.has(Backend.CPU.key())) {
            v.problem(Backend.CPU.key(), "missing: the host CPU's vision path");
        }
        v.finish();
        return paths;
    }

    /** One backend's entry, or null when a part is missing or bad (the problem is then recorded). */
    private static BackendCalibration backend(Backend b, StrictObject o) {
        if (o == null) {
            return null;
        }
        String status = calibrationStatus(o);
        boolean known = BackendCalibration.knownStatus(status);
        double memory = o.knownFigure("memory", 0.01, 1);
        double overhead = o.knownFigure("launch_us_per_layer", 0, 10_000) * Units.MICROSECOND;
        double f16 = o.knownFigure("f16_gemm", 0.01, 1);
        double joules = o.has("f16_gemm_pj_per_flop") ? o.knownFigure("f16_gemm_pj_per_flop", 0, 1000) * PICO : 0;
        StreamCap cap = streamCap(o);
        double launchClock = o.has("launch_clock_mhz") ? o.knownFigure("launch_clock_mhz", CoreClock.MIN_CLOCK_MHZ,
                CoreClock.MAX_CLOCK_MHZ) * Units.MEGA
                : Double.NaN;
        StrictObject q = o.object("quantized_matmul");
        double quantized = Double.NaN;
        double vectorOps = 0;
        double vectorCompute = 0;
        Efficiency.QuantizedPath path = null;
        Efficiency.QuantizedPath earlier = null;
        LocalDate since = null;
        boolean earlierKnown = true;
        if (q != null) {
            path = path(q);
            quantized = q.knownFigure("compute", 0.01, 1);
            vectorOps = q.has("vector_ops_per_int8_op") ? q.knownFigure("vector_ops_per_int8_op", 0, 100) : 0;
            vectorCompute = q.has(VECTOR_COMPUTE_KEY) ? q.knownFigure(VECTOR_COMPUTE_KEY, 0.01, 1) : 0;
            StrictObject e = q.optionalObject("earlier");
            if (e != null) {
                earlier = path(e);
                since = date(e, "until");
                e.text("source");
                e.finish();
                earlierKnown = earlier != null && since != null;
            }
            q.finish();
        }
        List<DecodeGeneration> generations = o.has("decode_generations") ? generations(o) : List.of();
        StrictObject g = o.optionalObject("graphs");
        GraphCapture graphs = g == null ? GraphCapture.NONE : graphs(g);
        o.finish();
        boolean complete = known && path != null && earlierKnown && generations != null && graphs != null
                && cap != null && !Double.isNaN(memory + overhead + f16 + quantized + joules + vectorOps + vectorCompute);
        return !complete ? null
                : new BackendCalibration(b, new Efficiency(memory, f16, overhead, quantized, path, joules, cap,
                        vectorOps, vectorCompute, launchClock),
                        status, earlier, since, generations,
                        f16GemmStatus(o.sources().get(o.path() + ".f16_gemm"), status), graphs);
    }

    /** How far above its decode fit's grid a hand-written cap may lie (a unit slip beyond it is an error). */
    private static final double READ_CAP_FACTOR = 100;

    /**
     * A backend's cores-side streaming cap ({@link StreamCap}): {@code stream_bytes_per_flop} (bytes per FP32 FLOP) or
     * {@code stream_gb_per_s_per_unit} (GB/s per compute unit), at most one of them;
     * {@link StreamCap#NONE} without either, null (a problem recorded) with both or a bad figure.
     */
    private static StreamCap streamCap(StrictObject o) {
        StreamCap found = StreamCap.NONE;
        for (StreamCap.Basis basis : StreamCap.Basis.values()) {
            if (!o.has(basis.field())) {
                continue;
            }
            if (found.declared()) {
                o.problem(basis.field(), "a backend states one streaming cap, found " + found.basis().field()
                        + " too");
                return null;
            }
            double figure = o.knownFigure(basis.field(), 0,
                    READ_CAP_FACTOR * basis.maxBytesPerSecondPerUnit() / basis.fileUnit());
            if (Double.isNaN(figure)) {
                return null;
            }
            found = new StreamCap(figure * basis.fileUnit(), basis);
        }
        return found;
    }

    /**
     * A backend's graph capture of its decode steps: {@code gates} (each {@code since}, the date it was merged,
     * {@code min_compute_capability}, {@code split_passes}: whether steps split with the host capture too, and
     * {@code source}), {@code calibration} and {@code launch_us_per_layer} of a
     * captured step; null (and a problem) where one is bad.
     */
    private static GraphCapture graphs(StrictObject g) {
        String status = calibrationStatus(g);
        double overhead = g.knownFigure("launch_us_per_layer", 0, 10_000) * Units.MICROSECOND;
        List<JsonNode> items = g.array("gates", true);
        List<GraphCapture.Gate> gates = new java.util.ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < items.size(); i++) {
            StrictObject e = g.element("gates", i, items.get(i));
            LocalDate since = date(e, "since");
            double cc = e.number("min_compute_capability", 1, 20);
            boolean split = e.bool("split_passes");
            String source = e.text("source");
            e.finish();
            if (since == null || Double.isNaN(cc)) {
                bad = true;
            } else {
                gates.add(new GraphCapture.Gate(since, cc, split, source));
            }
        }
        g.finish();
        return bad || !BackendCalibration.knownStatus(status) || Double.isNaN(overhead) ? null
                : new GraphCapture(gates, overhead, status);
    }

    /**
     * Where a backend's F16 matrix figure comes from: {@code borrowed:<backend>} where its source names a lender
     * ({@link BackendCalibration#lenderIn}), else the backend's own {@code status}.
     */
    static String f16GemmStatus(String source, String status) {
        return BackendCalibration.lenderIn(source).map(k -> BackendCalibration.BORROWED + k).orElse(status);
    }

    /**
     * A backend's earlier decode generations: each {@code until} (the date its builds ended), optional
     * {@code formats_until} (formats whose builds ran it longer) and {@code stated_as} (a phrase by which a row's
     * framework text puts it there whatever its date), {@code calibration}, {@code memory}, {@code launch_us_per_layer}
     * and {@code source}; null (and a problem) where one is bad.
     */
    private static List<DecodeGeneration> generations(StrictObject o) {
        List<JsonNode> items = o.array("decode_generations", true);
        List<DecodeGeneration> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            StrictObject g = o.element("decode_generations", i, items.get(i));
            LocalDate until = date(g, "until");
            String status = calibrationStatus(g);
            double memory = g.knownFigure("memory", 0.01, 1);
            double overhead = g.knownFigure("launch_us_per_layer", 0, 10_000) * Units.MICROSECOND;
            Map<String, LocalDate> formats = g.has("formats_until") ? formatsUntil(g, until) : Map.of();
            String stated = g.optionalText("stated_as", "");
            boolean statedLowerCase = stated.equals(stated.toLowerCase(Locale.ROOT));
            if (!statedLowerCase) {
                g.problem("stated_as", "expected a phrase in lower case (matched so), found \"" + stated + "\"");
            }
            g.text("source");
            g.finish();
            if (until == null || formats == null || !BackendCalibration.knownStatus(status)
                    || !statedLowerCase || Double.isNaN(memory + overhead)) {
                return null;
            }
            out.add(new DecodeGeneration(until, memory, overhead, status, formats, stated));
        }
        return out;
    }

    /**
     * A generation's later ends by weight format: each {@code format} (a leading format name, lower case:
     * {@code q4_k}), its {@code until} after the generation's own and its {@code source}; null (and a problem) where
     * one is bad.
     */
    private static Map<String, LocalDate> formatsUntil(StrictObject g, LocalDate own) {
        List<JsonNode> items = g.array("formats_until", true);
        Map<String, LocalDate> out = new LinkedHashMap<>();
        boolean bad = false;
        for (int i = 0; i < items.size(); i++) {
            StrictObject f = g.element("formats_until", i, items.get(i));
            String format = f.text("format");
            LocalDate until = date(f, "until");
            f.text("source");
            f.finish();
            if (!format.equals(format.toLowerCase(Locale.ROOT)) || format.isBlank()) {
                f.problem("format", "expected a format's leading name in lower case (q4_k), found \"" + format + "\"");
                bad = true;
            } else if (until != null && own != null && !until.isAfter(own)) {
                f.problem("until", "a format's later end must fall after the generation's own " + own);
                bad = true;
            } else if (out.keySet().stream().anyMatch(k -> k.startsWith(format) || format.startsWith(k))) {
                f.problem("format", "\"" + format + "\" overlaps another format of this generation");
                bad = true;
            }
            if (until == null || bad) {
                bad = true;
            } else {
                out.put(format, until);
            }
        }
        return bad ? null : out;
    }

    /**
     * An entry's {@code calibration} status (fitted, uncalibrated or borrowed:<backend>), a problem recorded where it
     * is another text; empty where it is missing (the missing field is the problem then).
     */
    private static String calibrationStatus(StrictObject o) {
        String status = o.text("calibration");
        if (!status.isEmpty() && !BackendCalibration.knownStatus(status)) {
            o.problem("calibration", "expected fitted, uncalibrated or borrowed:<backend>, found \"" + status + "\"");
        }
        return status;
    }

    /** A quantized matmul path by its key, or null (and a problem) when unknown. */
    private static Efficiency.QuantizedPath path(StrictObject o) {
        String p = o.choice("path", PATHS);
        return !PATHS.contains(p) ? null : Efficiency.QuantizedPath.valueOf(p.toUpperCase(Locale.ROOT));
    }

    /** An ISO date ({@code 2024-06-23}), or null (and a problem) when missing or malformed. */
    private static LocalDate date(StrictObject o, String field) {
        String text = o.text(field);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException ex) {
            if (!text.isEmpty()) {
                o.problem(field, "expected a date YYYY-MM-DD, found \"" + text + "\"");
            }
            return null;
        }
    }

    /** The runtime constants, or null when one is missing or bad (the problem is then recorded). */
    private static RuntimeConstants runtime(StrictObject r) {
        double reserved = r.knownFigure("gpu_reserved_gib", 0, 16) * Units.GIB;
        double linkEfficiency = r.knownFigure("link_efficiency", 0.01, 1);
        double latency = r.knownFigure("link_latency_us", 0, 10_000) * Units.MICROSECOND;
        double sparseEfficiency = r.knownFigure("sparse_kernel_efficiency", 0.01, 1);
        int rank = wholeFigure(r, "predictor_rank", 100_000);
        int denseThreshold = wholeFigure(r, "sparse_dense_threshold_tokens", 1_000_000);
        int block = wholeFigure(r, "cpu_sparse_block_tokens", 4096);
        int offloadMin = wholeFigure(r, "offload_min_batch_tokens", 1_000_000);
        int ubatch = wholeFigure(r, "ubatch_tokens", 1_000_000);
        double forkGpu = r.knownFigure("fork_gpu_sparse_efficiency", 0.01, 1);
        double idealGpu = r.knownFigure("ideal_gpu_sparse_efficiency", 0.01, 1);
        double reread = r.knownFigure("cache_reread_bandwidth_ratio", 1, 100);
        int llamaCppContext = wholeFigure(r, "llama_cpp_context_tokens", 1 << 24);
        int forkContext = wholeFigure(r, "fork_context_tokens", 1 << 24);
        int forkLlavaContext = wholeFigure(r, "fork_llava_min_context_tokens", 1 << 24);
        double cpuCache = r.knownFigure("cpu_cache_kib_per_core", 16, 1 << 20) * Units.KIB;
        double cpuAttention = r.knownFigure("cpu_attention_compute", 0.001, 1);
        boolean known = !Double.isNaN(reserved + linkEfficiency + latency + sparseEfficiency + forkGpu + idealGpu
                + reread + cpuCache + cpuAttention)
                && IntStream.of(rank, denseThreshold, block, offloadMin, ubatch, llamaCppContext, forkContext,
                        forkLlavaContext).allMatch(n -> n > 0);
        // the file's constants are those of today's build: on the ggml-backend scheduler (every build since
        // 2024-01-12), its CPU decode attention split by keys (since 2026-02-02), the weights mapped (mmap)
        boolean hostDrivenGraph = false;
        boolean cpuSplitKvDecode = true;
        boolean hostWeightsPinned = false;
        return known ? new RuntimeConstants(reserved, linkEfficiency, latency, sparseEfficiency, rank, denseThreshold,
                block, offloadMin, ubatch, forkGpu, idealGpu, reread, llamaCppContext, forkContext,
                forkLlavaContext, cpuCache, cpuAttention, hostDrivenGraph, cpuSplitKvDecode, hostWeightsPinned) : null;
    }

    /** A whole-number figure in [1, max]; 0 (and a problem) when missing, null, fractional or out of range. */
    private static int wholeFigure(StrictObject r, String field, int max) {
        double v = r.knownFigure(field, 1, max);
        if (Double.isNaN(v)) {
            return 0;
        }
        if (v != Math.rint(v)) {
            r.problem(field + ".value", "expected a whole number, found " + v);
            return 0;
        }
        return (int) v;
    }

    /**
     * The host CPU's fixed cost per layer: microseconds per layer and per thread the run uses (ggml's thread-pool
     * barriers, see {@link org.roofsweep.core.roofline.ExecutionUnit#cpu}).
     */
    static final String CPU_SYNC_KEY = "sync_us_per_layer_thread";

    /** The vector work of the CPU's quantized kernels, FP32 FLOPs per int8 op (absent: 0, the dot products alone). */
    static final String CPU_VECTOR_OPS_KEY = "vector_ops_per_int8_op";
    /** A float path's figure on the vector units where it falls back to them ({@link Efficiency#vectorCompute}). */
    static final String VECTOR_COMPUTE_KEY = "vector_compute";

    /** The CPU's fixed cost per expert matrix of a MUL_MAT_ID, microseconds (absent: 0). */
    static final String CPU_EXPERT_KEY = "expert_us_per_matrix";

    private static Efficiency efficiency(StrictObject e) {
        if (e == null) {
            return null;
        }
        double memory = e.knownFigure("memory", 0.01, 1);
        double compute = e.knownFigure("compute", 0.01, 1);
        double overhead = e.knownFigure(CPU_SYNC_KEY, 0, 10_000) * Units.MICROSECOND;
        e.finish();
        return Double.isNaN(memory) || Double.isNaN(compute) || Double.isNaN(overhead) ? null
                : new Efficiency(memory, compute, overhead);
    }
}
