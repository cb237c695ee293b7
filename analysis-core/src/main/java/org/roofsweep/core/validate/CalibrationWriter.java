package org.roofsweep.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.DecodeGeneration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.EngineCalibration;
import org.roofsweep.core.hardware.GraphCapture;
import org.roofsweep.core.hardware.StreamCap;

/**
 * Writes a refit ({@link CalibrationRefit}) into the tree of {@code calibration.json}: each figure the fit moves gets
 * its value, rounded to the decimals the file states it in ({@link #DECIMALS}: efficiencies and factors to 3, launch
 * costs to 0.1 us, the CPU's layer cost to 0.01 us, the streaming cap to 4), and a {@code source} generated from the
 * rows and files behind it, beginning {@link #FITTED_BY}. A figure's hand-written reasons (the kernel paths, the
 * physics of a bound) live in its {@code basis}, which is kept; a fitted figure whose source is not a generated one
 * (written by hand, or by an earlier tool) has that text moved to its basis, so no hand-written text is lost. Figures
 * with too few rows keep their value and source, except that a figure borrowed from another backend (its source
 * says so) takes that backend's; a degenerate decode fit keeps them too ({@link Calibrator.BackendFit#decodeFitted});
 * runtime constants and sourced figures are never touched. The family
 * deviations are rewritten whole, in key order. The same rows and file give the same tree, so the file a rerun
 * writes is byte-identical ({@link org.roofsweep.core.config.JsonText}).
 */
public final class CalibrationWriter {
    /** How every generated source begins; the command that writes them. */
    public static final String FITTED_BY = "fitted by ./submit.sh calibrate";
    static final String BASIS = "basis";
    private static final String SOURCE = "source";
    private static final String VALUE = "value";
    /** Decimals a figure is written with, by field name. */
    static final Map<String, Integer> DECIMALS = Map.of("launch_us_per_layer", 1, "sync_us_per_layer_thread", 2,
            "expert_us_per_matrix", 2, "stream_bytes_per_flop", 4, "stream_gb_per_s_per_unit", 3);
    private static final int EFFICIENCY_DECIMALS = 3;
    private static final double PICOJOULE = 1e-12;
    private static final String LSQ = "relative least squares of t = t0 / memory + layers x launch_us_per_layer "
            + "(memory <= 1, launch >= 0)";

    private CalibrationWriter() {
    }

    /** {@code shipped} with the refit's figures written in (a copy; {@code shipped} is not changed). */
    public static JsonNode refitted(JsonNode shipped, CalibrationRefit refit) {
        ObjectNode root = shipped.deepCopy();
        Calibrator.Fit fit = refit.fit();
        for (Calibrator.BackendFit b : fit.backends()) {
            backend((ObjectNode) root.path("backends").path(b.calibration().backend().key()), b, refit);
        }
        BorrowedFigures.backends(root);
        root.set("family_deviations", families(fit, refit));
        engines(root.path("engines"), fit, refit);
        cpu((ObjectNode) root.path("cpu"), fit, refit);
        for (VisionCalibrator.Fit v : fit.vision()) {
            String files = refit.files(f -> f.vision().stream().filter(x -> x.backend() == v.backend())
                    .mapToInt(VisionCalibrator.Fit::rows).sum());
            set(root.path("vision").path(v.backend().key()), "compute", v.path().computeFactor(), String.format(
                    Locale.ROOT, "%s to %s: the median over its %d llama.cpp image-encode rows of this backend of "
                    + "the factor at which the vision tower's roofline on the card's F16 rate (f16_gemm x the family "
                    + "deviation, under the board's power limit), with the CLIP graph's attention and its kernel "
                    + "launches (the backend's launch_us_per_layer, once per layer of each graph) as the row's build "
                    + "runs them, gives the measured time (VisionCalibrator)", FITTED_BY, files, v.rows()));
        }
        // after the vision fits: a borrowed vision path takes its lender's new factor
        BorrowedFigures.vision(root);
        return root;
    }

    /** How a decode fit's source states a backend's streaming cap (nothing where it declares none). */
    private static String capText(StreamCap cap) {
        if (!cap.declared()) {
            return "";
        }
        return String.format(Locale.ROOT, ", with the cores' streaming cap, t = t0 x max(1 / memory, (bandwidth / %s) "
                + "/ %s) + layers x launch, the cap in %s on a grid of %s (DecodeFit; 0: no cap)",
                cap.basis() == StreamCap.Basis.FP32_FLOP ? "FP32 peak" : "compute units", cap.basis().field(),
                cap.basis().words(), cap.basis().stepText());
    }

    /** How a decode fit's source states a backend's launch clock (nothing where it has none). */
    private static String clockText(Efficiency e) {
        return Double.isNaN(e.launchClockHz()) ? "" : String.format(Locale.ROOT, "; the layers counted at "
                + "launch_clock_mhz, %.0f MHz (layers x launch clock / the card's boost clock, where it states one)",
                e.launchClockHz() / Units.MEGA);
    }

    private static void backend(ObjectNode entry, Calibrator.BackendFit b, CalibrationRefit refit) {
        Backend key = b.calibration().backend();
        Efficiency e = b.calibration().efficiency();
        if (b.decodeFitted()) {
            String decode = String.format(Locale.ROOT, "%s to %s: %d llama.cpp decode rows of this backend on an "
                    + "empty KV cache, pooled over its GPU families: %s%s", FITTED_BY,
                    refit.files(f -> rows(f, key, Calibrator.BackendFit::decodeRows)), b.decodeRows(), LSQ,
                    capText(e.streamCap()) + clockText(e));
            if (!b.calibration().decodeGenerations().isEmpty()) {
                decode += generations(entry, b, refit);
            }
            set(entry, "memory", e.memory(), decode);
            set(entry, "launch_us_per_layer", e.layerOverheadSeconds() / Units.MICROSECOND, decode);
            if (entry.has("graphs")) {
                graphs((ObjectNode) entry.path("graphs"), b, refit);
            }
            if (e.streamCap().declared() && entry.has(e.streamCap().basis().field())) {
                set(entry, e.streamCap().basis().field(), e.streamCap().fileFigure(), decode);
            }
        }
        if (!Calibrator.Fit.kept(b.f16Rows())) {
            String f16 = String.format(Locale.ROOT, "%s to %s: %d llama.cpp F16 prefill rows of this backend (prompts "
                    + "of a stated length on an empty KV cache): the F16 GEMM's two bottlenecks, 1 / r = 1 / f16_gemm "
                    + "+ f16_gemm_pj_per_flop x (F16 peak / TDP) with r = measured / ideal prompt throughput, relative "
                    + "least squares over the rows' cards (their data-sheet TDPs)", FITTED_BY,
                    refit.files(f -> rows(f, key, Calibrator.BackendFit::f16Rows)), b.f16Rows());
            set(entry, "f16_gemm", e.compute(), f16);
            if (entry.has("f16_gemm_pj_per_flop")) {
                set(entry, "f16_gemm_pj_per_flop", e.joulesPerFlop() / PICOJOULE, f16);
            }
        }
        JsonNode q = entry.path("quantized_matmul");
        boolean fallback = q.has("vector_compute");
        if (!Calibrator.Fit.kept(b.quantizedRows())) {
            boolean vector = q.has("vector_ops_per_int8_op");
            boolean powered = e.quantizedPath() == Efficiency.QuantizedPath.FLOAT && e.joulesPerFlop() > 0;
            String quantized = String.format(Locale.ROOT, "%s to %s: %d llama.cpp quantized prefill rows of this "
                    + "backend on its direct quantized path%s (rows whose weights took an earlier F16 copy are "
                    + "validated, not fitted%s): %s", FITTED_BY,
                    refit.files(f -> rows(f, key, Calibrator.BackendFit::quantizedRows)), b.quantizedRows(),
                    fallback ? " on the cards' F16 matrix units" : "",
                    fallback ? "; those on its vector fallback fit vector_compute" : "",
                    vector ? "the int8 path's two bottlenecks, 1 / r = 1 / compute + vector_ops_per_int8_op x (int8 "
                            + "peak / FP32 peak) with r = measured / ideal prompt throughput at the int8 peak, "
                            + "relative least squares"
                            : powered ? "each row's own kernel efficiency k = 1 / (1 / r - f16_gemm_pj_per_flop x F16 "
                            + "peak / TDP), r = measured / ideal prompt throughput (the board's power limit in series, "
                            + "as for the F16 GEMM), then their median (PromptRows)"
                            : "the median of measured / ideal prompt throughput");
            set(q, "compute", e.quantizedCompute(), quantized);
            if (vector) {
                set(q, "vector_ops_per_int8_op", e.vectorOpsPerInt8Op(), quantized);
            }
        }
        if (fallback && !Calibrator.Fit.kept(b.vectorRows())) {
            set(q, "vector_compute", e.vectorCompute(), String.format(Locale.ROOT, "%s to %s: %d llama.cpp quantized "
                    + "prefill rows of this backend on its float path's vector fallback (cards without F16 matrix "
                    + "units the build uses): the median of measured / ideal prompt throughput", FITTED_BY,
                    refit.files(f -> rows(f, key, Calibrator.BackendFit::vectorRows)), b.vectorRows()));
        }
    }

    /** Writes the launch figure and status of a backend's captured decode steps ({@link GraphCapture}). */
    private static void graphs(ObjectNode node, Calibrator.BackendFit b, CalibrationRefit refit) {
        GraphCapture g = b.calibration().graphs();
        String files = refit.files(f -> rows(f, b.calibration().backend(), Calibrator.BackendFit::capturedRows));
        String text = !g.status().equals(BackendCalibration.FITTED)
                ? String.format(Locale.ROOT, "%s to %s: %d of the backend's %d decode rows ran builds that captured "
                        + "the step as a graph; a figure of its own needs %d of them and %d of the others: the backend's "
                        + "launch_us_per_layer, pooled over every row (DecodeFit)", FITTED_BY, files, b.capturedRows(),
                        b.decodeRows(), Calibrator.MIN_BACKEND_ROWS, Calibrator.MIN_BACKEND_ROWS)
                : String.format(Locale.ROOT, "%s to %s: the %d decode rows (of the backend's %d) whose builds "
                        + "captured the step as a graph (a gate's card, one token per step, a build since the gate), "
                        + "fitted with the others: t = t0 / memory + layers x launch, the launch this figure on those "
                        + "rows and launch_us_per_layer on the rest, relative least squares alternated between the "
                        + "two launch costs to a fixed point (DecodeFit)", FITTED_BY, files, b.capturedRows(),
                        b.decodeRows());
        node.put("calibration", g.status());
        set(node, "launch_us_per_layer", g.layerOverheadSeconds() / Units.MICROSECOND, text);
    }

    /**
     * Writes each earlier decode generation's figures and status; returns what today's figures add to the pooled
     * fit's source.
     */
    private static String generations(ObjectNode entry, Calibrator.BackendFit b, CalibrationRefit refit) {
        List<DecodeGeneration> gens = b.calibration().decodeGenerations();
        for (int i = 0; i < gens.size(); i++) {
            DecodeGeneration g = gens.get(i);
            int at = i + 1;
            ObjectNode node = (ObjectNode) entry.path("decode_generations").path(i);
            int rows = b.generationRows().get(at);
            String text = String.format(Locale.ROOT, "%s to %s: %s", FITTED_BY, refit.files(f -> rows(f,
                    b.calibration().backend(), x -> x.generationRows().size() > at ? x.generationRows().get(at) : 0)),
                    generation(rows, b.decodeRows(), "the builds before " + g.until() + laterFormats(g)));
            node.put("calibration", g.status());
            set(node, "memory", g.memory(), text);
            set(node, "launch_us_per_layer", g.layerOverheadSeconds() / Units.MICROSECOND, text);
        }
        return "; today's kernels (builds since the last generation's end, undated rows, every sweep): "
                + generation(b.generationRows().get(0), b.decodeRows(), "today's builds");
    }

    /** The formats whose builds stayed in a generation past its end, as the source text names them. */
    private static String laterFormats(DecodeGeneration g) {
        return g.formatsUntil().isEmpty() ? "" : g.formatsUntil().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " weights before " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
    }

    private static String generation(int rows, int pooled, String which) {
        return Calibrator.Fit.kept(rows)
                ? String.format(Locale.ROOT, "%d decode rows of %s, fewer than the %d a factor needs: the pooled "
                        + "fit over every generation's %d rows", rows, which, Calibrator.MIN_BACKEND_ROWS, pooled)
                : String.format(Locale.ROOT, "the pooled fit over every generation's %d decode rows, its memory "
                        + "efficiency times the factor of the %d rows of %s, exp(n x median log ratio / (n + %.0f)): "
                        + "a ridge prior worth %.0f rows at no change; the launch cost the pooled fit's "
                        + "(GenerationFit)",
                        pooled, rows, which, Calibrator.PRIOR_ROWS, Calibrator.PRIOR_ROWS);
    }

    private static ObjectNode families(Calibrator.Fit fit, CalibrationRefit refit) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        fit.families().stream().sorted(java.util.Comparator.comparing(Calibrator.FamilyFit::family)).forEach(f -> {
            String files = refit.files(x -> x.families().stream().filter(y -> y.family().equals(f.family()))
                    .mapToInt(y -> y.decodeRows() + y.prefillRows()).sum());
            String text = String.format(Locale.ROOT, "%s to %s (%d decode rows of this family: llama.cpp's on its "
                    + "vendor's default backend against the pooled backend fit, and the empty-cache ones of each "
                    + "other engine fitted to %d or more rows of its own against that engine's fit, each engine "
                    + "fitted with its rows at their family's kept memory deviation, alternated to a fixed point; %d "
                    + "llama.cpp prefill rows): exp(rows x median log ratio / (rows + %.0f)), a ridge prior worth %.0f "
                    + "rows at no deviation, 1 below %d rows", FITTED_BY, files, f.decodeRows(),
                    Calibrator.MIN_BACKEND_ROWS, f.prefillRows(), Calibrator.PRIOR_ROWS, Calibrator.PRIOR_ROWS,
                    Calibrator.MIN_FAMILY_ROWS);
            ObjectNode node = out.putObject(f.family());
            set(node, "memory", f.deviation().memory(), text);
            set(node, "compute", f.deviation().compute(), text);
        });
        return out;
    }

    private static void engines(JsonNode entries, Calibrator.Fit fit, CalibrationRefit refit) {
        for (EngineCalibration e : fit.calibration().engines().values()) {
            JsonNode node = entries.path(e.key());
            if (!node.isObject()) {
                continue;
            }
            int rows = fit.engineRows().getOrDefault(e.key(), 0);
            boolean fitted = e.status().equals(org.roofsweep.core.hardware.BackendCalibration.FITTED)
                    && !Calibrator.Fit.kept(rows);
            // a borrowed engine's figures follow its lender's; its source, which says why it borrows, stays
            String text = !fitted ? null : String.format(Locale.ROOT, "%s to the %d single-stream decode rows of %s "
                    + "whose framework names this engine: %s; each row's t0 at its GPU family's memory deviation "
                    + "(family_deviations, fitted with these rows, alternated to a fixed point), its layers at the "
                    + "backend's launch_clock_mhz (layers x launch clock / the card's boost clock)", FITTED_BY, rows,
                    refit.files(f -> f.engineRows().getOrDefault(e.key(), 0)), LSQ);
            set(node, "memory", e.memory(), text);
            set(node, "launch_us_per_layer", e.layerOverheadSeconds() / Units.MICROSECOND, text);
        }
    }

    private static void cpu(ObjectNode node, Calibrator.Fit fit, CalibrationRefit refit) {
        Calibration c = fit.calibration();
        Efficiency cpu = c.cpu();
        String rows = "llama.cpp cpu-only %s rows on an empty KV cache";
        if (!Calibrator.Fit.kept(fit.cpuDecodeRows())) {
            String text = String.format(Locale.ROOT, "%s to %s: %d " + rows + ": relative least squares of t = t0 / "
                    + "memory + layers x threads x sync_us_per_layer_thread + expert matrices x expert_us_per_matrix "
                    + "(the gate, up and down matrices of a token's used experts in every MoE layer), t0 at the CPU's "
                    + "effective host bandwidth (memory <= 1; HostDecodeFit)", FITTED_BY,
                    refit.files(Calibrator.Fit::cpuDecodeRows), fit.cpuDecodeRows(), "decode");
            set(node, "memory", cpu.memory(), text);
            set(node, "sync_us_per_layer_thread", cpu.layerOverheadSeconds() / Units.MICROSECOND, text);
            set(node, "expert_us_per_matrix", c.cpuExpertSeconds() / Units.MICROSECOND, text);
        }
        for (org.roofsweep.core.hardware.CpuEngine e : c.cpuEngines().values()) {
            int n = fit.cpuEngineRows().getOrDefault(e.key(), 0);
            JsonNode entry = node.path("engines").path(e.key());
            if (entry.isObject() && !Calibrator.Fit.kept(n)) {
                set(entry, "prompt_factor", e.promptFactor(), String.format(Locale.ROOT, "%s to %s: %d cpu-only "
                        + "prompt rows of quantized weights on an empty KV cache whose framework names this engine, "
                        + "on the plain layout (no _R4/_R8/_R16 type, no -rtr): "
                        + "exp(n x median log ratio / (n + %.0f)) of measured over the prediction at the integer "
                        + "matrix kernels' efficiency (quantized_gemm_compute with vector_ops_per_int8_op), a ridge "
                        + "prior worth %.0f rows at factor 1 (HostComputeFit)", FITTED_BY,
                        refit.files(f -> f.cpuEngineRows().getOrDefault(e.key(), 0)), n, Calibrator.PRIOR_ROWS,
                        Calibrator.PRIOR_ROWS));
            }
            int repacked = fit.cpuRepackedRows().getOrDefault(e.key(), 0);
            if (entry.isObject() && !Calibrator.Fit.kept(repacked)) {
                set(entry, "repacked_factor", e.repackedFactor(), String.format(Locale.ROOT, "%s to %s: %d cpu-only "
                        + "prompt rows of quantized weights on an empty KV cache whose framework names this engine and "
                        + "whose weights are in the row-interleaved layout (a type named _R4/_R8/_R16, or -rtr): the "
                        + "median of measured over the prediction at the engine's plain kernels (quantized_gemm_compute"
                        + " x prompt_factor, capped at 1, with vector_ops_per_int8_op): a kernel path of its own, "
                        + "fitted unshrunk as the CPU's other paths are (HostComputeFit)", FITTED_BY,
                        refit.files(f -> f.cpuRepackedRows().getOrDefault(e.key(), 0)), repacked));
            }
        }
        if (!Calibrator.Fit.kept(fit.cpuF16Rows())) {
            set(node, "compute", cpu.compute(), String.format(Locale.ROOT, "%s to %s: %d " + rows + ": the median of "
                    + "measured / ideal prompt throughput at the FP32 FMA peak, the attention's time at its own "
                    + "share taken out of both (HostComputeFit)", FITTED_BY,
                    refit.files(Calibrator.Fit::cpuF16Rows), fit.cpuF16Rows(), "F16 prefill"));
        }
        if (!Calibrator.Fit.kept(fit.cpuGemmRows())) {
            String text = String.format(Locale.ROOT, "%s to %s: %d " + rows + ": relative least squares of 1 / r = 1 "
                    + "/ quantized_gemm_compute + vector_ops_per_int8_op x (vector INT8 rate / FP32 rate), r = "
                    + "measured / ideal prompt throughput at the vector INT8 rate, the attention's time at its own "
                    + "share taken out of both (HostComputeFit)", FITTED_BY,
                    refit.files(Calibrator.Fit::cpuGemmRows), fit.cpuGemmRows(),
                    "prefill rows on the integer matrix kernels (CpuMatmulPath.GEMM): their");
            set(node, "quantized_gemm_compute", c.cpuGemmCompute(), text);
            set(node, "vector_ops_per_int8_op", cpu.vectorOpsPerInt8Op(), text);
        }
        if (!Calibrator.Fit.kept(fit.cpuQuantizedRows())) {
            set(node, "quantized_compute", cpu.quantizedCompute(), String.format(Locale.ROOT, "%s to %s: %d " + rows
                    + ": the median over them of 1 / (1 / r - vector_ops_per_int8_op x vector INT8 rate / FP32 "
                    + "rate), r = measured / ideal prompt throughput at the vector INT8 rate, the attention's time "
                    + "at its own share taken out of both (HostComputeFit)",
                    FITTED_BY, refit.files(Calibrator.Fit::cpuQuantizedRows), fit.cpuQuantizedRows(),
                    "prefill rows on ggml's vec_dot kernels (CpuMatmulPath.VEC_DOT): their"));
        }
    }

    /** A backend's rows of one kind in a fit, 0 where that fit has no entry for the backend. */
    private static int rows(Calibrator.Fit f, Backend b, ToIntFunction<Calibrator.BackendFit> rows) {
        return f.backends().stream().filter(x -> x.calibration().backend() == b).mapToInt(rows).sum();
    }

    /**
     * Sets figure {@code field} of {@code node} to {@code value} at its decimals and, where {@code source} is not
     * null, its source, a hand-written source moving to the basis first.
     */
    private static void set(JsonNode node, String field, double value, String source) {
        ObjectNode figure = node.path(field).isObject() ? (ObjectNode) node.path(field)
                : ((ObjectNode) node).putObject(field);
        int decimals = DECIMALS.getOrDefault(field, EFFICIENCY_DECIMALS);
        BigDecimal v = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        figure.put(VALUE, v.scale() <= 0 ? v.setScale(1) : v);
        if (source == null) {
            return;
        }
        String old = figure.path(SOURCE).asText("");
        if (!old.isEmpty() && !old.startsWith(FITTED_BY)) {
            String basis = figure.path(BASIS).asText("");
            figure.put(BASIS, basis.isEmpty() ? old : basis + " " + old);
        }
        figure.put(SOURCE, source);
        if (figure.has(BASIS)) {
            // value, source, basis: the basis last, wherever it was
            figure.set(BASIS, figure.remove(BASIS));
        }
    }

    /**
     * Every leaf of {@code shipped} that {@code fitted} gives otherwise (or lacks, or adds), as {@code
     * $.path: shipped -> fitted}, in document order.
     */
    public static List<String> differences(JsonNode shipped, JsonNode fitted) {
        List<String> out = new ArrayList<>();
        diff("$", shipped, fitted, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> diff(path + "." + n, a.get(n), b.get(n), out));
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(path + ": " + brief(a) + " -> " + brief(b));
        }
    }

    /** A leaf as the message quotes it: numbers whole, text to its first 100 characters. */
    private static String brief(JsonNode n) {
        if (n == null) {
            return "(none)";
        }
        String t = n.isTextual() ? "\"" + n.textValue() + "\"" : n.toString();
        return t.length() <= 100 ? t : t.substring(0, 100) + "...\"";
    }
}
