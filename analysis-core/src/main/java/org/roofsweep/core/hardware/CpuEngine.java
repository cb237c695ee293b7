package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.roofsweep.core.config.StrictObject;
import org.roofsweep.core.model.Quantization;

/**
 * The CPU prompt kernels of an engine other than mainline llama.cpp (ik_llama.cpp's iqk_mul_mat): every quantized
 * format multiplies a prompt batch through the engine's own integer matrix kernels, so where mainline runs a format
 * on ggml's generic vec_dot ({@link CpuMatmulPath#VEC_DOT}) the engine runs it as a matrix kernel too, at mainline's
 * {@link CpuMatmulPath#GEMM} efficiency times {@code promptFactor} (its kernels' own reach: repacked interleaved rows,
 * other int8 loops). {@code names} are the words a measurement's framework text names it by; {@code status} is
 * {@code fitted} to that engine's cpu-only prompt rows, or {@code uncalibrated} (factor 1, mainline's matrix kernels).
 * Decode, memory and F16 weights stay mainline's. {@code tiledAttention}: the engine's CPU FlashAttention tiles K and V
 * over blocks of query rows, so a prompt at depth reads the cache once per block, not once per row
 * ({@link Calibration#forCpuEngine}); a property of its code, so it holds for every system the engine runs, while
 * the prompt factor is fitted to, and applied to, cpu-only runs alone. {@code repackedFactor}: the engine's
 * row-interleaved kernels ({@link #repacked}: a weight type whose name ends in _R4, _R8 or _R16, or a build run with
 * {@code -rtr}, which repacks every tensor that has such a variant when it loads) multiply a prompt batch that many
 * times faster than its kernels on the plain layout, both their dot products and their other vector work; fitted to
 * the engine's cpu-only prompt rows in the repacked layout (1 where none are).
 */
public record CpuEngine(String key, List<String> names, double promptFactor, double repackedFactor, String status,
        boolean tiledAttention) implements java.io.Serializable {
    /**
     * A build run with run-time repacking: {@code -rtr} or {@code --run-time-repack} ("repack tensors if interleaved
     * variant is available", common/common.cpp at ikawrakow/ik_llama.cpp 8337e4cd3).
     */
    private static final java.util.regex.Pattern RUN_TIME_REPACK = java.util.regex.Pattern.compile(
            "(?<![a-z0-9-])(-rtr|--run-time-repack)(?![a-z0-9-])");

    public CpuEngine {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("CPU engine " + key + " needs at least one name");
        }
        if (!(promptFactor > 0)) {
            throw new IllegalArgumentException("CPU engine " + key + ": prompt_factor must be > 0, found "
                    + promptFactor);
        }
        if (!(repackedFactor > 0)) {
            throw new IllegalArgumentException("CPU engine " + key + ": repacked_factor must be > 0, found "
                    + repackedFactor);
        }
        if (!status.equals(BackendCalibration.FITTED) && !status.equals(BackendCalibration.UNCALIBRATED)) {
            throw new IllegalArgumentException("CPU engine " + key + ": calibration must be fitted or uncalibrated, "
                    + "found " + status);
        }
    }

    /** The length of the longest of this engine's names that the framework text holds as a word; 0 when none. */
    public int matchLength(String framework) {
        return EngineCalibration.longestName(names, framework);
    }

    /** The same engine with fitted factors. */
    public CpuEngine with(double fittedFactor, double fittedRepackedFactor, String fittedStatus) {
        return new CpuEngine(key, names, fittedFactor, fittedRepackedFactor, fittedStatus, tiledAttention);
    }

    /**
     * Whether a run's weights are in the row-interleaved layout: its weight type's name ({@code quant}, as the source
     * writes it) ends in _R4, _R8 or _R16 ({@link Quantization#rowInterleaved}: ik_llama.cpp's block_q5_0_r4,
     * block_iq4_k_r4 and block_iq4_xs_r8 hold the blocks of 4 or 8 rows side by side, so its GEMM,
     * mul_mat_q5_0_r4_q8_2 in ggml/src/iqk/iqk_gemm_legacy_quants.cpp at 8337e4cd3, unpacks one block of each row
     * once for every activation row), or its {@code framework} text names run-time repacking.
     */
    public static boolean repacked(String quant, String framework) {
        return Quantization.rowInterleaved(quant)
                || RUN_TIME_REPACK.matcher(framework.toLowerCase(java.util.Locale.ROOT)).find();
    }

    /**
     * The {@code engines} object of {@code calibration.json}'s {@code cpu} section: per engine its {@code names},
     * {@code calibration} (fitted or uncalibrated), {@code prompt_factor}, {@code repacked_factor} and
     * {@code tiled_attention} (a sourced true or false); a bad entry is a problem naming its field.
     */
    static Map<String, CpuEngine> read(StrictObject es, JsonNode node) {
        return NamedEntries.read(es, node, (key, e) -> {
            List<String> names = e.textList("names", true);
            List<String> statuses = List.of(BackendCalibration.FITTED, BackendCalibration.UNCALIBRATED);
            String status = e.choice("calibration", statuses);
            double factor = e.knownFigure("prompt_factor", 0.1, 10);
            double repackedFactor = e.knownFigure("repacked_factor", 0.1, 10);
            boolean tiled = e.sourcedFlag("tiled_attention");
            e.finish();
            return statuses.contains(status) && !names.isEmpty() && !Double.isNaN(factor)
                    && !Double.isNaN(repackedFactor) ? new CpuEngine(key, names, factor, repackedFactor, status, tiled)
                    : null;
        });
    }
}
