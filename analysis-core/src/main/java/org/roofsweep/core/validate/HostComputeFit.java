package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.CpuEngine;
import org.roofsweep.core.hardware.CpuMatmulPath;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.Stats;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * The host CPU's prompt-processing efficiencies, one per matrix kernel path ({@link CpuMatmulPath}), fitted to
 * llama.cpp {@code cpu-only} prefill rows of that path predicted at ideal efficiency (the dot products alone at the
 * CPU's peak): with r a row's measured over ideal throughput, the attention's time at its own share taken out of both
 * ({@link #matrixRatio}), and x its CPU's dot-product rate over its FP32 rate
 * ({@link org.roofsweep.core.hardware.Cpu#int8OverFp32}: 4 with VNNI, 2 without), a quantized kernel reads
 * 1 / r = 1 / efficiency + vectorOps x x (its other vector work at the FP32 rate,
 * {@link org.roofsweep.core.roofline.ExecutionUnit#cpu}). The integer matrix kernels' rows, on CPUs with and without
 * VNNI, fit both figures by relative least squares ({@link Calibrator#leastSquares}: efficiency <= 1, vectorOps >= 0),
 * as a GPU backend's int8 path with vector work is fitted; every other path takes that vector work and its efficiency
 * is the median over its rows of 1 / (1 / r - vectorOps x x), capped at 1. A path with fewer than {@code minRows} rows
 * keeps its base value. Another engine's CPU prompt kernels ({@link CpuEngine}) deviate from the integer matrix
 * kernels' fit by a factor shrunk as a GPU family's deviation is ({@link #engines}).
 */
final class HostComputeFit {
    private HostComputeFit() {
    }

    /** A path's efficiency, the rows behind it (fewer than the minimum: the base's value, kept) and the vector work. */
    record PathFit(double efficiency, int rows, double vectorOps) {
    }

    /** The three paths' fits. */
    record Paths(PathFit f16, PathFit vecDot, PathFit gemm) {
    }

    /**
     * Every path over {@code cpuRows}: the integer matrix kernels first, with the vector work where {@code base}
     * states some, then vec_dot at that vector work and the float path on its own.
     */
    static Paths fit(List<Validation.Prediction> cpuRows, Calibration base, int minRows) {
        Efficiency old = base.cpu();
        AttentionShares shares = AttentionShares.of(base);
        PathFit gemm = fitWithVectorWork(cpuRows, shares, CpuMatmulPath.GEMM, minRows, base.cpuGemmCompute(),
                old.vectorOpsPerInt8Op());
        return new Paths(fit(cpuRows, shares, CpuMatmulPath.FLOAT, minRows, old.compute(), 0),
                fit(cpuRows, shares, CpuMatmulPath.VEC_DOT, minRows, old.quantizedCompute(), gemm.vectorOps()),
                gemm);
    }

    /**
     * The two calibrations a prompt's attention is timed under, made once per fit: the ideal (share 1) that the rows
     * were predicted under, and the same at the base's share; both null where the base has no finite share.
     */
    record AttentionShares(Calibration atPeak, Calibration atShare) {
        static AttentionShares of(Calibration base) {
            if (base.runtime() == null || Double.isInfinite(base.runtime().cpuAttentionCompute())) {
                return new AttentionShares(null, null);
            }
            Calibration ideal = Calibrator.ideal(base);
            return new AttentionShares(ideal, ideal.withCpuAttentionCompute(base.runtime().cpuAttentionCompute()));
        }
    }

    /** The path's efficiency over {@code cpuRows} (ideal predictions) at {@code vectorOps}, else {@code base}. */
    static PathFit fit(List<Validation.Prediction> cpuRows, AttentionShares shares, CpuMatmulPath path,
            int minRows, double base, double vectorOps) {
        List<Validation.Prediction> mine = rows(cpuRows, path);
        double[] efficiencies = mine.stream().mapToDouble(p -> {
            double rest = 1 / matrixRatio(p, shares) - vectorOps * dotOverFp32(p, path);
            return rest > 1 ? 1 / rest : 1;
        }).toArray();
        return new PathFit(mine.size() < minRows ? base : Math.min(1, Stats.median(efficiencies)), mine.size(),
                vectorOps);
    }

    /**
     * The path's efficiency and vector work fitted together where the base states vector work (above 0) and the rows
     * span CPUs with and without VNNI; else {@link #fit} at the base's vector work.
     */
    static PathFit fitWithVectorWork(List<Validation.Prediction> cpuRows, AttentionShares shares,
            CpuMatmulPath path, int minRows, double base, double baseVectorOps) {
        List<Validation.Prediction> mine = rows(cpuRows, path);
        long kinds = dotProductKinds(mine.stream().mapToDouble(p -> dotOverFp32(p, path)).toArray());
        if (baseVectorOps == 0 || mine.size() < minRows || kinds < 2) {
            return fit(cpuRows, shares, path, minRows, base, baseVectorOps);
        }
        double[] ab = Calibrator.leastSquares(mine.stream().map(p -> {
            double r = matrixRatio(p, shares);
            return new double[] {r, dotOverFp32(p, path) * r, 1};
        }).toList());
        return new PathFit(1 / ab[0], mine.size(), ab[1]);
    }

    /**
     * How many kinds of dot product rows with these dot-product rates over FP32 ({@code x}) ran: VNNI's 4, AVX2's 2,
     * none's 1, each x rounded to the nearest whole rate. Not the distinct figures: a catalog's peaks, rounded to their
     * digits, put an i5-4278U's 0.397 / 0.198 = 2.005 beside a Threadripper's 7.38 / 3.69 = 2.0, and rows of AVX2
     * CPUs alone cannot fit the vector work apart from the efficiency (their least squares, near singular, put the
     * efficiency at its cap and the vector work at 1.36, 50% above the fit with VNNI rows in it).
     */
    static long dotProductKinds(double... x) {
        return java.util.Arrays.stream(x).mapToLong(Math::round).distinct().count();
    }

    private static List<Validation.Prediction> rows(List<Validation.Prediction> cpuRows, CpuMatmulPath path) {
        return cpuRows.stream()
                .filter(p -> !p.decode() && !p.vision() && !PromptRows.unstatedPrompt(p) && !amxBuild(p)
                        && CpuMatmulPath.of(p.workload().precision(), RowBuild.build(p.row())) == path)
                .toList();
    }

    /**
     * A build whose framework text names AMX: ggml-cpu's AMX buffer type puts the weights of the formats its tile
     * kernels take (ggml-cpu/amx) in that buffer and multiplies prompts through the AMX tiles, neither tinyBLAS nor the
     * repacked GEMMs nor vec_dot, so such a row validates the CPU paths and is fitted to none of them.
     */
    static boolean amxBuild(Validation.Prediction p) {
        return p.row().framework().toLowerCase(java.util.Locale.ROOT).matches("(?s).*(?<![a-z0-9])amx(?![a-z0-9]).*");
    }

    private static double ratio(Validation.Prediction p) {
        return p.row().value() / p.predicted();
    }

    /**
     * A mainline prompt row's measured over ideal throughput of everything but its attention: the attention runs at
     * the CPU's fixed share of its peak ({@code cpuAttentionCompute}, measured, not fitted), not at the matrix
     * kernels' efficiency, so its time comes out of both, each at its own share: (t_ideal - a_peak) / (t_measured -
     * a_share) per prompt token, a_peak the prompt's attention time under the ideal (share 1) and a_share at the
     * base's share ({@link AttentionShares}), both as {@code CpuOnly} prices the prefill (every layer at the whole
     * prompt). A row whose attention alone outlasts the measured time, or a base without a share, keeps the whole
     * ratio.
     */
    static double matrixRatio(Validation.Prediction p, AttentionShares shares) {
        if (shares.atPeak() == null) {
            return ratio(p);
        }
        Workload w = p.workload();
        double tokens = w.promptTokens();
        double atPeak = attentionSeconds(w, shares.atPeak()) / tokens;
        double atShare = attentionSeconds(w, shares.atShare()) / tokens;
        double idealRest = 1 / p.predicted() - atPeak;
        double measuredRest = 1 / p.row().value() - atShare;
        return idealRest > 0 && measuredRest > 0 ? idealRest / measuredRest : ratio(p);
    }

    /** The prefill's attention on the host CPU under {@code c}: every layer's attention ops at the whole prompt. */
    private static double attentionSeconds(Workload w, Calibration c) {
        Op[] layer = RequestShape.of(w, c).prefillLayer();
        return w.model().numLayers() * Roofline.seconds(layer, ExecutionUnit.hostCpuOf(w, c), OpKind.ATTENTION);
    }

    /** x of the row's CPU for a quantized path; 0 for floats, whose FMA path has no dot products to add to. */
    private static double dotOverFp32(Validation.Prediction p, CpuMatmulPath path) {
        return path == CpuMatmulPath.FLOAT ? 0 : p.workload().platform().cpu().int8OverFp32();
    }

    /**
     * The CPU engines' fits and, per engine, its prompt rows on the plain layout and in the row-interleaved one
     * (fewer than the minimum: the base's factor, kept).
     */
    record Engines(Map<String, CpuEngine> engines, Map<String, Integer> rows, Map<String, Integer> repackedRows) {
    }

    /**
     * Each CPU engine's prompt factors over its cpu-only prompt rows of quantized weights on an empty cache (ideal
     * predictions): with r a row's measured over ideal throughput and f the fraction of the ideal that the fitted
     * integer matrix kernels reach on its CPU, 1 / (1 / efficiency + vectorOps x x), the prompt factor is the log
     * ratios log(r / f) of its rows on the plain layout shrunk towards 1 as a family deviation
     * ({@link Calibrator#shrunk}: median, a ridge prior of {@link Calibrator#PRIOR_ROWS} rows). The repacked factor
     * is that of a kernel path of its own, the row-interleaved GEMMs ({@link CpuEngine#repacked}), fitted as the other
     * CPU paths are, unshrunk: the median over the rows in that layout of r over g, the fraction the engine's plain
     * kernels reach, 1 / (1 / min(1, efficiency x prompt factor) + vectorOps x x). A factor with fewer than
     * {@code Calibrator.MIN_BACKEND_ROWS} rows keeps its base value.
     */
    static Engines engines(List<Validation.Prediction> ideal, Calibration base, PathFit gemm) {
        Map<String, CpuEngine> out = new TreeMap<>(base.cpuEngines());
        Map<String, Integer> rows = new TreeMap<>();
        Map<String, Integer> repackedRows = new TreeMap<>();
        for (CpuEngine e : base.cpuEngines().values()) {
            List<Validation.Prediction> plain = new ArrayList<>();
            List<Validation.Prediction> repacked = new ArrayList<>();
            for (Validation.Prediction p : ideal) {
                boolean mine = base.cpuEngine(p.row().framework()).filter(x -> x.key().equals(e.key())).isPresent();
                if (mine && p.system().equals(org.roofsweep.core.systems.CpuOnly.NAME) && !p.decode() && !p.vision()
                        && p.quantized() && p.row().emptyCache() && !PromptRows.unstatedPrompt(p)) {
                    (CpuEngine.repacked(p.row().quant(), p.row().framework()) ? repacked : plain).add(p);
                }
            }
            rows.put(e.key(), plain.size());
            repackedRows.put(e.key(), repacked.size());
            double factor = !Calibrator.Fit.kept(plain.size())
                    ? Calibrator.shrunk(logRatios(plain, gemm.efficiency(), gemm.vectorOps())) : e.promptFactor();
            double layout = !Calibrator.Fit.kept(repacked.size())
                    ? Math.exp(Stats.median(logRatios(repacked, Math.min(1, gemm.efficiency() * factor),
                            gemm.vectorOps()).stream().mapToDouble(Double::doubleValue).toArray()))
                    : e.repackedFactor();
            if (!Calibrator.Fit.kept(plain.size()) || !Calibrator.Fit.kept(repacked.size())) {
                out.put(e.key(), e.with(factor, layout, BackendCalibration.FITTED));
            }
        }
        return new Engines(out, rows, repackedRows);
    }

    /** log(r / f) of each row, f = 1 / (1 / efficiency + vectorOps x x) of its CPU. */
    private static List<Double> logRatios(List<Validation.Prediction> rows, double efficiency, double vectorOps) {
        return rows.stream().map(p -> {
            double x = p.workload().platform().cpu().int8OverFp32();
            return Math.log(ratio(p) * (1 / efficiency + vectorOps * x));
        }).toList();
    }
}
