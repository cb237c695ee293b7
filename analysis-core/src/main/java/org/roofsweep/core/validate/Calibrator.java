package org.roofsweep.core.validate;

import static org.roofsweep.core.validate.PromptRows.directQuantized;
import static org.roofsweep.core.validate.PromptRows.f16Gemm;
import static org.roofsweep.core.validate.PromptRows.int8OverFp32;
import static org.roofsweep.core.validate.PromptRows.int8Path;
import static org.roofsweep.core.validate.PromptRows.powerLimited;
import static org.roofsweep.core.validate.PromptRows.powerRatio;
import static org.roofsweep.core.validate.PromptRows.quantizedFraction;
import static org.roofsweep.core.validate.PromptRows.quantizedRatios;
import static org.roofsweep.core.validate.PromptRows.unstatedPrompt;
import static org.roofsweep.core.validate.PromptRows.vectorBound;
import static org.roofsweep.core.validate.PromptRows.vectorPath;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roofsweep.core.Stats;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.CpuEngine;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.EngineCalibration;
import org.roofsweep.core.hardware.FamilyDeviation;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.hardware.VisionPath;
import org.roofsweep.core.systems.CpuOnly;
import org.roofsweep.core.systems.DenseGpu;

/**
 * Fits the efficiencies of each runtime backend, pooled over every GPU family it runs, to the llama.cpp rows of a
 * measurement set (the runtime the systems model; other engines' decode rows fit their own figures, {@link EngineFit},
 * and count in the family deviations below). Decode: with the
 * per-token time predicted at ideal efficiency t0 (bytes / bandwidth) and the layer count L, the measured time is t =
 * t0 / memory + L x launch, a linear least-squares fit in (1 / memory, launch) of the relative residuals,
 * constrained to memory <= 1 and launch >= 0; a backend whose entry caps the cores' streaming
 * ({@code stream_bytes_per_flop}) fits that cap too ({@link DecodeFit}), one with earlier kernel generations fits
 * each where its rows suffice ({@link GenerationFit}). Prefill: the F16 GEMM's two bottlenecks, 1 / r = 1 / compute +
 * joulesPerFlop x (F16 peak / TDP) with r = measured / ideal throughput, by relative least squares over the F16 rows;
 * the quantized matmul's compute efficiency is the median of r over the rows of its direct path (a backend whose int8
 * path states vector work fits both, 1 / r = 1 / compute + vector ops x int8 peak / FP32 peak; on the float path's
 * matrix units each row's power limit is taken out first, 1 / (1 / r - joulesPerFlop x F16 peak / TDP), and a float
 * backend that states its vector fallback apart fits that to the rows of cards without used matrix units; the rows
 * and forms: {@link PromptRows}). Rows whose quantized weights took an earlier build's F16 copy (CUDA before PR
 * #8075), prompt rates of no stated length and rows at a KV depth are validated, not fitted; where the copy is the
 * backend's path today (SYCL), its quantized prompts are rows of its F16 GEMM ({@link PromptRows#copiedToday}).
 *
 * <p>Then, per GPU family, a deviation from its backend: the per-row log ratios r_i (decode: t0 x the backend's
 * slowdown, 1 / memory or the cores' cap where it binds, over the measured time less the launches; the factor then
 * scales both bounds, {@link Calibration#gpu(org.roofsweep.core.hardware.Gpu, Backend)}; prefill: measured / predicted throughput) are shrunk towards no deviation by a
 * ridge penalty worth {@link #PRIOR_ROWS} rows, factor = exp(n x median r_i / (n + PRIOR_ROWS)), and kept only
 * where a family has at least {@link #MIN_FAMILY_ROWS} rows and the factor departs from 1 by more than
 * {@link #MIN_DEVIATION}. Only llama.cpp rows of the vendor's default backend count, and, for the memory factor, the
 * decode rows (empty cache, text prompt) of each other engine fitted to at least {@link #MIN_BACKEND_ROWS} rows of its
 * own, against that engine's fit; the engines are refitted with each row at its family's kept factor (capped so that
 * the engine's memory times it is at most 1, as {@link Calibration#gpu} caps it), alternated until neither a family's
 * factor nor an engine's figures move by {@link #FIXED_POINT_TOLERANCE} (an error after
 * {@link #FAMILY_ENGINE_PASSES}).
 *
 * <p>The host CPU: per kernel path (F16 weights on the FP32 FMA units; quantized weights on the INT8 dot products)
 * the compute efficiency is the median of measured / ideal prompt throughput over llama.cpp's {@code cpu-only}
 * prefill rows of that path; its memory efficiency (of the CPU's effective host bandwidth) and its layer cost per
 * thread are fitted to the decode rows ({@link HostDecodeFit}).
 *
 * <p>Last, each backend's vision path from the image-encode rows ({@link VisionCalibrator}); these rows take no part
 * in the fits above.
 */
public final class Calibrator {
    /** Ridge weight of the prior "no family deviation", in rows. */
    static final double PRIOR_ROWS = 10;
    static final int MIN_FAMILY_ROWS = 3;
    static final double MIN_DEVIATION = 0.05;
    /** Alternations of the family memory deviations and the engine fits allowed before the fit gives up. */
    static final int FAMILY_ENGINE_PASSES = 200;
    /** Change in every family's memory factor and every engine's figures below which the alternation has settled. */
    static final double FIXED_POINT_TOLERANCE = 1e-9;
    /** Fewer rows than this leave a backend's part (decode; a matrix path) at the base calibration's value. */
    static final int MIN_BACKEND_ROWS = 3;

    private Calibrator() {
    }

    /**
     * A backend's fit and the rows behind each part ({@code generationRows}: today's decode, then each earlier);
     * {@code decodeDegenerate}: the decode rows gave a degenerate fit and the base's decode figures are kept
     * ({@link GenerationFit#fit}).
     */
    public record BackendFit(BackendCalibration calibration, int decodeRows, int f16Rows, int quantizedRows,
            List<Integer> generationRows, int vectorRows, boolean decodeDegenerate, int capturedRows) {
        /** Whether the decode figures are this fit's (rows enough, not degenerate), not the base's. */
        public boolean decodeFitted() {
            return !Fit.kept(decodeRows) && !decodeDegenerate;
        }
    }

    /** A family's deviation and how many rows support it. */
    public record FamilyFit(String family, FamilyDeviation deviation, int decodeRows, int prefillRows) {
    }

    /**
     * The fitted calibration (backends without rows keep the base's entry) and what supports each part;
     * {@code cpuF16Rows}, {@code cpuQuantizedRows} (vec_dot) and {@code cpuGemmRows} (integer matrix kernels) behind
     * the CPU's three compute efficiencies ({@link HostComputeFit}) and
     * {@code cpuDecodeRows} behind its memory efficiency and per-thread layer cost (fewer than
     * {@link #MIN_BACKEND_ROWS}: the base's figures kept); {@code engineRows}, per other engine, its single-stream
     * decode rows ({@link EngineFit}); {@code cpuEngineRows}, per CPU engine, its quantized prompt rows
     * ({@link HostComputeFit#engines}) on the plain layout and {@code cpuRepackedRows} those in the row-interleaved
     * one.
     */
    public record Fit(Calibration calibration, List<BackendFit> backends, List<FamilyFit> families,
            int cpuF16Rows, int cpuQuantizedRows, List<VisionCalibrator.Fit> vision, int cpuDecodeRows,
            int cpuGemmRows, Map<String, Integer> engineRows, Map<String, Integer> cpuEngineRows,
            Map<String, Integer> cpuRepackedRows) {
        /** Whether {@code rows} rows were too few to fit a figure, which then keeps the base's value. */
        public static boolean kept(int rows) {
            return rows < MIN_BACKEND_ROWS;
        }
    }

    /**
     * The base calibration with every backend (each decode generation too) at ideal efficiency and no launch cost,
     * paths kept; no deviations; the CPU at ideal memory and compute efficiency, without its per-thread layer and
     * expert costs, its attention products at its FP32 peak ({@code cpuAttentionCompute} 1; the prompt fits take the
     * attention's time out of a row's ratio, {@code HostComputeFit.matrixRatio});
     * every vision path and CPU engine at factor 1 (statuses kept).
     */
    public static Calibration ideal(Calibration base) {
        Map<Backend, BackendCalibration> unit = new EnumMap<>(Backend.class);
        base.backends().forEach((b, bc) -> unit.put(b, bc.ideal()));
        Efficiency cpu = base.cpu();
        Map<String, EngineCalibration> engines = new TreeMap<>();
        base.engines().forEach((k, e) -> engines.put(k, e.with(1, 0, e.status())));
        Map<Backend, VisionPath> vision = new EnumMap<>(Backend.class);
        base.vision().forEach((b, v) -> vision.put(b, new VisionPath(1, v.status())));
        Map<String, CpuEngine> cpuEngines = new TreeMap<>();
        base.cpuEngines().forEach((k, e) -> cpuEngines.put(k, e.with(1, 1, e.status())));
        return base.withCpuAttentionCompute(1).with(unit, Map.of()).withEngines(engines).withCpuEngines(cpuEngines)
                .withCpuExpertSeconds(0).withCpu(new Efficiency(1, 1, 0, 1, cpu.quantizedPath()), 1).withVision(vision);
    }

    public static Fit fit(List<MeasuredRow> rows, Catalogs c) {
        Calibration base = c.hardware().calibration();
        return fit(Validation.run(rows, c, ideal(base)).predictions(), base);
    }

    /** Fits to predictions made under {@link #ideal}. */
    public static Fit fit(List<Validation.Prediction> ideal, Calibration base) {
        // the image-encode rows fit the vision paths alone (last, below)
        List<Validation.Prediction> used = ideal.stream().filter(p -> fitted(p) && !p.vision()).toList();
        Map<Backend, BackendCalibration> backends = new EnumMap<>(base.backends());
        List<BackendFit> backendFits = new ArrayList<>();
        for (Backend b : base.backends().keySet()) {
            List<Validation.Prediction> mine = used.stream().filter(p -> p.backend() == b).toList();
            List<Validation.Prediction> decode = mine.stream().filter(Validation.Prediction::decode).toList();
            Efficiency old = base.backends().get(b).efficiency();
            List<double[]> f16 = mine.stream()
                    .filter(p -> f16Gemm(p, base))
                    .map(p -> powerLimited(p.row().value() / p.predicted(), powerRatio(p))).toList();
            double[] gemm = f16.size() < MIN_BACKEND_ROWS
                    ? new double[] {1 / old.compute(), old.joulesPerFlop()} : leastSquares(f16);
            // a float-path backend that states its vector fallback apart fits it to the rows on cards where it
            // falls back to the vector units
            boolean fallback = old.quantizedPath() == Efficiency.QuantizedPath.FLOAT && old.vectorCompute() > 0;
            double[] quantized = quantizedRatios(mine.stream().filter(p -> !fallback || !vectorPath(p)).toList(),
                    gemm[1]);
            double[] vector = fallback ? quantizedRatios(mine.stream().filter(PromptRows::vectorPath).toList(), 0)
                    : new double[0];
            if (Math.max(decode.size(), Math.max(f16.size(), quantized.length + vector.length)) < MIN_BACKEND_ROWS) {
                continue;
            }
            GenerationFit.Fit generations = GenerationFit.fit(decode, base.backends().get(b), MIN_BACKEND_ROWS);
            double[] ab = generations.today();
            double quantizedCompute = quantized.length < MIN_BACKEND_ROWS ? old.quantizedCompute()
                    : Math.min(1, Stats.median(quantized));
            double vectorOps = old.vectorOpsPerInt8Op();
            List<double[]> int8 = mine.stream().filter(p -> !p.decode() && int8Path(p) && !unstatedPrompt(p))
                    .map(p -> vectorBound(p.row().value() / p.predicted(), int8OverFp32(p))).toList();
            if (vectorOps > 0 && int8.size() >= MIN_BACKEND_ROWS) {
                double[] qv = leastSquares(int8);
                quantizedCompute = 1 / qv[0];
                vectorOps = qv[1];
            }
            double vectorCompute = !fallback || vector.length < MIN_BACKEND_ROWS ? old.vectorCompute()
                    : Math.min(1, Stats.median(vector));
            Efficiency e = new Efficiency(1 / ab[0], 1 / gemm[0], ab[1], quantizedCompute, old.quantizedPath(),
                    gemm[1], old.streamCap().at(ab[2]), vectorOps, vectorCompute, old.launchClockHz());
            BackendCalibration applied = generations.applied(base.backends().get(b), e);
            // an F16 figure fitted to the backend's own rows is no longer borrowed (as the written file reads back)
            BackendCalibration bc = f16.size() < MIN_BACKEND_ROWS ? applied : applied.withOwnF16Gemm();
            backends.put(b, bc);
            backendFits.add(new BackendFit(bc, decode.size(), f16.size(), quantized.length, generations.rows(),
                    vector.length, generations.degenerate(), generations.capturedRows()));
        }
        Calibration pooled = base.with(backends, Map.of());
        Map<String, List<Validation.Prediction>> byFamily = new TreeMap<>();
        // a family departs from its vendor's default backend (the one sweeps run): rows of another backend on the
        // same cards (Vulkan on NVIDIA) fit that backend, pooled, and not the family a second time
        used.stream().filter(p -> p.backend() == Backend.forVendor(p.gpu().vendor()))
                .forEach(p -> byFamily.computeIfAbsent(p.gpu().family(), k -> new ArrayList<>()).add(p));
        Map<String, List<Double>> llamaDecode = new TreeMap<>();
        Map<String, List<Double>> llamaPrefill = new TreeMap<>();
        byFamily.forEach((family, ps) -> {
            List<Double> decode = llamaDecode.computeIfAbsent(family, k -> new ArrayList<>());
            List<Double> prefill = llamaPrefill.computeIfAbsent(family, k -> new ArrayList<>());
            for (Validation.Prediction p : ps) {
                Calibration built = RowBuild.asBuilt(p.row(), pooled);
                Efficiency e = built.gpu(p.gpu(), p.backend());
                if (p.decode()) {
                    double t0 = 1 / p.predicted() * DecodeFit.slowdown(e, p.gpu());
                    // the step's launches as the row's build ran them: a captured graph's, or every kernel's
                    double launch = built.backends().get(p.backend()).stepLayerOverheadSeconds(p.gpu(),
                            p.row().batch(), false);
                    double rest = 1 / p.row().value() - p.model().numLayers() * launch;
                    if (rest > 0) {
                        decode.add(Math.log(t0 / rest));
                    }
                } else if (f16Gemm(p, base) || directQuantized(p)) {
                    double eff = directQuantized(p) ? quantizedFraction(e, p)
                            : e.floatFraction(p.gpu().peak().forPrecision(Precision.FP16), p.gpu().tdpWatts());
                    prefill.add(Math.log(p.row().value() / (p.predicted() * eff)));
                }
            }
        });
        // a family's memory deviation counts the other engines' fitted decode rows on its cards too, each against its
        // engine's fit, and the engines are fitted with each row at its family's deviation as the sweeps apply it
        // (kept where memory or compute departs by MIN_DEVIATION): alternated to a fixed point, so that a family
        // every engine finds slow is the family's, not the engine's whose rows are mostly there
        Map<String, Double> computeByFamily = new TreeMap<>();
        llamaPrefill.forEach((family, rows) -> computeByFamily.put(family, shrunk(rows)));
        EngineFit engines = EngineFit.fit(ideal, base, MIN_BACKEND_ROWS, Map.of(), base.engines());
        Map<String, Double> memoryByFamily = Map.of();
        Map<String, List<Double>> engineDecode = Map.of();
        boolean settled = false;
        for (int pass = 0; pass < FAMILY_ENGINE_PASSES && !settled; pass++) {
            // the families' factors from these log ratios, then the engines at those factors
            engineDecode = engines.familyLogRatios(ideal, base, MIN_BACKEND_ROWS);
            Map<String, Double> next = new TreeMap<>();
            for (String family : union(llamaDecode.keySet(), engineDecode.keySet())) {
                double memory = shrunk(concat(llamaDecode.get(family), engineDecode.get(family)));
                if (kept(memory, computeByFamily.getOrDefault(family, 1.0))) {
                    next.put(family, memory);
                }
            }
            Map<String, Double> last = memoryByFamily;
            EngineFit before = engines;
            memoryByFamily = next;
            engines = EngineFit.fit(ideal, base, MIN_BACKEND_ROWS, memoryByFamily, engines.engines());
            // settled when neither the families' factors nor the engines' figures (which the cap at memory 1 reads)
            // move
            settled = next.keySet().equals(last.keySet()) && next.entrySet().stream()
                    .allMatch(x -> Math.abs(x.getValue() - last.get(x.getKey())) < FIXED_POINT_TOLERANCE)
                    && engines.sameFigures(before, FIXED_POINT_TOLERANCE);
        }
        if (!settled) {
            throw new IllegalStateException("the family deviations and the engine fits did not settle in "
                    + FAMILY_ENGINE_PASSES + " alternations: " + memoryByFamily);
        }
        // settled: the last pass's log ratios are the kept factors' own (and, within the tolerance, the final engines')
        Map<String, FamilyDeviation> deviations = new TreeMap<>();
        List<FamilyFit> familyFits = new ArrayList<>();
        for (String family : union(llamaDecode.keySet(), engineDecode.keySet())) {
            double compute = computeByFamily.getOrDefault(family, 1.0);
            double memory = memoryByFamily.getOrDefault(family, 1.0);
            if (kept(memory, compute)) {
                FamilyDeviation d = new FamilyDeviation(memory, compute);
                deviations.put(family, d);
                familyFits.add(new FamilyFit(family, d, concat(llamaDecode.get(family), engineDecode.get(family))
                        .size(), llamaPrefill.getOrDefault(family, List.of()).size()));
            }
        }
        List<Validation.Prediction> cpuRows = ideal.stream()
                .filter(p -> p.system().equals(CpuOnly.NAME) && llamaCpp(p) && p.row().emptyCache()).toList();
        Efficiency old = base.cpu();
        HostComputeFit.Paths paths = HostComputeFit.fit(cpuRows, base, MIN_BACKEND_ROWS);
        List<Validation.Prediction> cpuDecode = cpuRows.stream().filter(Validation.Prediction::decode).toList();
        double[] host = HostDecodeFit.fit(cpuDecode, MIN_BACKEND_ROWS,
                new double[] {old.memory(), old.layerOverheadSeconds(), base.cpuExpertSeconds()});
        Efficiency cpu = new Efficiency(host[0], paths.f16().efficiency(), host[1], paths.vecDot().efficiency(),
                old.quantizedPath(), 0, 0, paths.gemm().vectorOps());
        HostComputeFit.Engines cpuEngines = HostComputeFit.engines(ideal, base, paths.gemm());
        Calibration fitted = base.with(backends, deviations).withCpu(cpu, paths.gemm().efficiency())
                .withEngines(engines.engines()).withCpuEngines(cpuEngines.engines()).withCpuExpertSeconds(host[2]);
        // a vision factor is one on the F16 rate the sweeps run (f16_gemm x family deviation): a family none of these
        // rows speaks for (a set of image-encode rows alone) keeps its base deviation there
        Map<String, FamilyDeviation> rated = new TreeMap<>(base.deviations());
        rated.keySet().removeAll(byFamily.keySet());
        rated.putAll(deviations);
        VisionCalibrator.Paths vision = VisionCalibrator.fit(ideal, fitted.with(backends, rated));
        return new Fit(fitted.withVision(vision.paths()), backendFits, familyFits, paths.f16().rows(),
                paths.vecDot().rows(), vision.fits(), cpuDecode.size(), paths.gemm().rows(), engines.rows(),
                cpuEngines.rows(), cpuEngines.repackedRows());
    }

    /** Whether a family departs from its backend enough to keep a deviation (either factor by MIN_DEVIATION). */
    private static boolean kept(double memory, double compute) {
        return Math.abs(memory - 1) > MIN_DEVIATION || Math.abs(compute - 1) > MIN_DEVIATION;
    }

    private static SortedSet<String> union(Set<String> a, Set<String> b) {
        SortedSet<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    /** The two lists' elements, either of them possibly null. */
    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>(a == null ? List.of() : a);
        out.addAll(b == null ? List.of() : b);
        return out;
    }

    static boolean llamaCpp(Validation.Prediction p) {
        return p.engine().equals(Validation.LLAMA_CPP);
    }

    /**
     * A decode row {t0, L, t} divided through by the measured time, so that the least squares minimise the relative
     * error (the figure validate reports) and slow rows of large models do not outweigh the rest.
     */
    static double[] relative(double t0, double layers, double t) {
        return new double[] {t0 / t, layers / t, 1};
    }

    /**
     * Rows the GPU backends are fitted to: llama.cpp builds running wholly on the GPU, on an empty KV cache, with a
     * text prompt (a prompt with images validates the image-token path; the image-encode rows fit the vision path,
     * {@link VisionCalibrator}).
     */
    static boolean fitted(Validation.Prediction p) {
        return llamaCpp(p) && fittable(p);
    }

    /**
     * Whether a row may fit a GPU figure, whatever its engine: a single-GPU run wholly on the GPU, on an empty KV
     * cache, with a text prompt (a row at a depth or with images is validated).
     */
    static boolean fittable(Validation.Prediction p) {
        return p.system().equals(DenseGpu.NAME) && p.row().emptyCache() && p.row().textOnly();
    }

    /**
     * exp(n x median(r) / (n + PRIOR_ROWS)) where a family has enough rows, else 1 (no deviation): the ridge-shrunk
     * mean of the log ratios with the median in place of the mean, so that one row measuring something else (a
     * prompt at a deep KV cache, a glitched run) cannot move a family's every prediction.
     */
    static double shrunk(List<Double> logRatios) {
        if (logRatios.size() < MIN_FAMILY_ROWS) {
            return 1;
        }
        double median = Stats.median(logRatios.stream().mapToDouble(Double::doubleValue).toArray());
        return Math.exp(logRatios.size() * median / (logRatios.size() + PRIOR_ROWS));
    }

    /** Minimises sum (a t0 + b L - t)^2 with a >= 1, b >= 0; rows are {t0, L, t}. */
    static double[] leastSquares(List<double[]> rows) {
        double s00 = 0;
        double s01 = 0;
        double s11 = 0;
        double s0t = 0;
        double s1t = 0;
        for (double[] r : rows) {
            s00 += r[0] * r[0];
            s01 += r[0] * r[1];
            s11 += r[1] * r[1];
            s0t += r[0] * r[2];
            s1t += r[1] * r[2];
        }
        double det = s00 * s11 - s01 * s01;
        double a = det > 0 ? (s0t * s11 - s1t * s01) / det : Double.NaN;
        double b = det > 0 ? (s00 * s1t - s01 * s0t) / det : Double.NaN;
        if (Double.isNaN(a) || b < 0) {
            b = 0;
            a = s0t / s00;
        }
        if (a < 1) {
            a = 1;
            double num = 0;
            for (double[] r : rows) {
                num += (r[2] - r[0]) * r[1];
            }
            b = Math.max(0, num / s11);
        }
        return new double[] {a, b};
    }
}
