package org.roofsweep.core.validate;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where llama.cpp's CUDA and ROCm builds from before the ggml-backend integration (ggml-org/llama.cpp PR #4766,
 * merged 2024-01-12) kept the KV cache under {@code -ngl N}. The cache was one host tensor per K and V;
 * {@code llama_kv_cache_init} of those builds moved the V cache to the GPU only for {@code n_gpu_layers > n_layer + 1}
 * and the K cache only for {@code n_gpu_layers > n_layer + 2}, and the graph builder offloaded the score and value
 * products ({@code offload_func_kq}, {@code offload_func_v}) under the same counts, so below them every layer's
 * attention ran on the CPU over the host cache while a GPU layer's Q, K and V projections ran on the GPU: the split
 * {@code -nkvo} makes today ({@code kv_offload} in {@link org.roofsweep.core.systems.LayerOffload}). So such a build's
 * {@code -ngl 32} of a 32-layer model is not a full offload: {@code -ngl 35} is.
 */
public final class PreBackendOffload {
    /** The day ggml-backend's scheduler, with the KV cache placed layer by layer, reached llama.cpp's master. */
    static final LocalDate GGML_BACKEND = LocalDate.of(2024, 1, 12);

    private PreBackendOffload() {
    }

    /** Where a row's KV cache was: with its layers, in host memory, or split (V on the GPU, K on the host). */
    public enum KvPlacement { WITH_LAYERS, HOST, SPLIT }

    /**
     * The KV placement of a run of {@code gpuLayers} ({@code -ngl}; negative: all that fit, as today's builds place
     * them) of a {@code layers}-layer model on a GPU build made on {@code built} (empty: undated, today's build).
     */
    public static KvPlacement of(Optional<LocalDate> built, int gpuLayers, int layers) {
        if (gpuLayers < 0 || built.isEmpty() || !built.get().isBefore(GGML_BACKEND)) {
            return KvPlacement.WITH_LAYERS;
        }
        if (gpuLayers <= layers + 1) {
            return KvPlacement.HOST;
        }
        return gpuLayers == layers + 2 ? KvPlacement.SPLIT : KvPlacement.WITH_LAYERS;
    }
}
