package org.roofsweep.core.systems;

import org.roofsweep.core.ReasonTexts;

/**
 * The setting whose value a GPU memory reason names first: none (the whole model on the GPU), llama.cpp's
 * {@code -ngl} layers on the GPU ({@code gpu_layers=20 needs ...}), or the MoE layers whose experts stay on the CPU
 * ({@code moe_cpu_layers=4 needs ...}). Each holds the texts of its reasons ({@link ReasonTexts}: a GPU memory
 * reason repeats over the grid's axes that do not move the figures, 499,244 rows of bench-5m in 5,551 texts,
 * BENCHMARKS.md, issue 20, tenth session).
 */
public enum LayerSetting {
    /**
     * The whole model: bench-5m's 5,194 texts of dense and sparse GPU runs recur a platform's span of the grid apart
     * (two platforms with one card), so the table holds them all.
     */
    NONE("", 16384),
    GPU_LAYERS("gpu_layers", 1024),
    MOE_CPU_LAYERS("moe_cpu_layers", 1024);

    private final String name;
    /** This setting's GPU memory texts, keyed by the card and (its value, the GiB tenths needed). */
    final ReasonTexts gpuMemoryTexts;

    LayerSetting(String name, int slots) {
        this.name = name;
        this.gpuMemoryTexts = new ReasonTexts(slots);
    }

    /** What a reason starts with at {@code value}: {@code "gpu_layers=20 "}, or nothing for {@link #NONE}. */
    String prefix(int value) {
        return this == NONE ? "" : name + "=" + value + " ";
    }
}
