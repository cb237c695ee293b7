package org.roofsweep.core.systems;

/**
 * Where llama.cpp's CUDA and ROCm builds from before the ggml-backend integration (ggml-org/llama.cpp PR #4766,
 * merged 2024-01-12; {@link org.roofsweep.core.hardware.KernelBuild#beforeGgmlBackend}) kept the KV cache under
 * {@code -ngl N}. The cache was one host tensor per K and V; {@code llama_kv_cache_init} of those builds moved the V
 * cache to the GPU only for {@code n_gpu_layers > n_layer + 1} and the K cache only for
 * {@code n_gpu_layers > n_layer + 2}, and the graph builder offloaded the score and value products
 * ({@code offload_func_kq}, {@code offload_func_v} of {@code llm_build_llama}) under the same counts (llama.cpp at
 * 3469684, 2023-09-23, the llama-bench README's build), so below them every layer's attention ran on the CPU over the
 * host cache while a GPU layer's Q, K and V projections ran on the GPU: the split {@code -nkvo} makes today
 * ({@code kv_offload} in {@link LayerOffload}). So such a build's {@code -ngl 32} of a 32-layer model is not a full
 * offload: {@code -ngl 35} is. A run of all layers that fit (no count given) keeps the cache with its layers, as
 * today's builds place it.
 */
public final class PreBackendOffload {
    /** Why a point with {@code -ngl} = n_layer + 2 of such a build is not priced. */
    public static final String SPLIT_KV = "V cache on the GPU and K cache in host memory (-ngl = n_layer + 2 of a "
            + "build before ggml-backend, PreBackendOffload): a split of the KV cache the model does not price";

    private PreBackendOffload() {
    }

    /** Where a run's KV cache was: with its layers, in host memory, or split (V on the GPU, K on the host). */
    public enum KvPlacement { WITH_LAYERS, HOST, SPLIT }

    /**
     * The KV placement of such a build's run of {@code gpuLayers} ({@code -ngl}; negative: all that fit) of a
     * {@code layers}-layer model.
     */
    public static KvPlacement of(int gpuLayers, int layers) {
        if (gpuLayers < 0 || gpuLayers > layers + 2) {
            return KvPlacement.WITH_LAYERS;
        }
        return gpuLayers <= layers + 1 ? KvPlacement.HOST : KvPlacement.SPLIT;
    }
}
