package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.roofsweep.core.config.StrictObject;

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
 * the prompt factor is fitted to, and applied to, cpu-only runs alone.
 */
public record CpuEngine(String key, List<String> names, double promptFactor, String status, boolean tiledAttention)
        implements java.io.Serializable {
    public CpuEngine {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("CPU engine " + key + " needs at least one name");
        }
        if (!(promptFactor > 0)) {
            throw new IllegalArgumentException("CPU engine " + key + ": prompt_factor must be > 0, found "
                    + promptFactor);
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

    /** The same engine with a fitted factor. */
    public CpuEngine with(double fittedFactor, String fittedStatus) {
        return new CpuEngine(key, names, fittedFactor, fittedStatus, tiledAttention);
    }

    /**
     * The {@code engines} object of {@code calibration.json}'s {@code cpu} section: per engine its {@code names},
     * {@code calibration} (fitted or uncalibrated) and {@code prompt_factor}; a bad entry is a problem naming its
     * field, and {@code tiled_attention} (a sourced true or false).
     */
    static Map<String, CpuEngine> read(StrictObject es, JsonNode node) {
        return NamedEntries.read(es, node, (key, e) -> {
            List<String> names = e.textList("names", true);
            List<String> statuses = List.of(BackendCalibration.FITTED, BackendCalibration.UNCALIBRATED);
            String status = e.choice("calibration", statuses);
            double factor = e.knownFigure("prompt_factor", 0.1, 10);
            boolean tiled = e.sourcedFlag("tiled_attention");
            e.finish();
            return statuses.contains(status) && !names.isEmpty() && !Double.isNaN(factor)
                    ? new CpuEngine(key, names, factor, status, tiled) : null;
        });
    }
}
