package org.roofsweep.core.systems;

/**
 * PowerInfer's GPU memory placement, in its llama.cpp fork's order ({@code buffered_tensor_allocator::flush} walks
 * {@code tensor_offloading_levels}: every layer's attention and its norms, then every layer's predictor, then the FFN
 * norms, then the output norm and LM head, and stops at the first tensor that does not fit; llama.cpp lines 644-674
 * and 3048-3078 at SJTU-IPADS/PowerInfer d3ebd7c; docs/powerinfer-facts.md Sec. 1.2 and 1.6). The budget is GPU
 * memory less the runtime's reserve, the vision tower and activations. The KV cache is reserved on the GPU only if
 * all of the above fit ({@code llama_reserve_model_kv_cache}); the hottest FFN neurons fill what is left only then:
 * a flush that stopped early makes the loader skip the GPU split ({@code llm_load_gpu_split} with {@code no_offload}
 * set, line 3385), and no neuron goes to the GPU. Placement is by whole layers (the fork may place the first tensors
 * of the next layer's attention, a few MB, which it does not count as an offloaded layer either). The offline ILP
 * with threshold 0 is a global greedy on activation frequency; layers share one frequency law here, so every layer
 * gets the same hot fraction.
 */
public final class NeuronPlacer {
    private NeuronPlacer() {
    }

    /** The placement for a GPU budget of {@code budgetBytes}; {@code kvBytes} is the KV cache of all layers. */
    public static NeuronPlacement place(SparseFootprint f, int layers, double budgetBytes, double kvBytes) {
        double left = Math.max(0, budgetBytes);
        int dense = layers;
        int predictors = layers;
        if (wholeLayers(left, f.layerBytes(), layers) == layers) {
            // flush passes the attention and the predictor levels whole
            left -= layers * f.layerBytes();
        } else {
            // it stops inside one of them: attention first, predictors only once every layer's attention is placed
            dense = wholeLayers(left, f.denseLayerBytes(), layers);
            left -= dense * f.denseLayerBytes();
            predictors = dense == layers ? wholeLayers(left, f.predictorLayerBytes(), layers) : 0;
            left -= predictors * f.predictorLayerBytes();
        }
        boolean head = predictors == layers && left >= f.headBytes();
        if (head) {
            left -= f.headBytes();
        }
        boolean kv = head && left >= kvBytes;
        if (kv) {
            left -= kvBytes;
        }
        double hot = head ? Math.min(1, left / f.allNeuronBytes()) : 0;
        // layers 0..predictors-1 hold block and predictor on the GPU, predictors..dense-1 the block alone
        double gpu = predictors * f.layerBytes() + (dense - predictors) * f.denseLayerBytes()
                + (head ? f.headBytes() : 0) + hot * f.allNeuronBytes();
        double host = (layers - dense) * f.layerBytes() + (dense - predictors) * f.predictorLayerBytes()
                + (head ? 0 : f.headBytes()) + f.embeddingBytes() + (1 - hot) * f.allNeuronBytes();
        return new NeuronPlacement(dense, predictors, head, kv, hot, gpu, host);
    }

    /** How many of {@code layers} blocks of {@code bytesPerLayer} fit in {@code leftBytes} (all, for empty ones). */
    private static int wholeLayers(double leftBytes, double bytesPerLayer, int layers) {
        return bytesPerLayer <= 0 ? layers : (int) Math.min(layers, Math.floor(leftBytes / bytesPerLayer));
    }

    /** The same dense placement with a smaller hot set ({@code hot} below the placement's own). */
    public static NeuronPlacement withHotFraction(SparseFootprint f, NeuronPlacement p, double hot) {
        double moved = (p.hotFraction() - hot) * f.allNeuronBytes();
        return new NeuronPlacement(p.denseLayersOnGpu(), p.predictorLayersOnGpu(), p.headOnGpu(), p.kvOnGpu(), hot,
                p.gpuWeightBytes() - moved, p.hostWeightBytes() + moved);
    }

    /** Everything on the GPU (Deja Vu-style sparse inference of a model that fits). */
    public static NeuronPlacement allOnGpu(SparseFootprint f, int layers) {
        double gpu = layers * f.layerBytes() + f.headBytes() + f.allNeuronBytes() + f.embeddingBytes();
        return new NeuronPlacement(layers, layers, true, true, 1, gpu, 0);
    }
}
