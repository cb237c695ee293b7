package org.roofsweep.core.systems;

/**
 * PowerInfer's GPU memory placement (its llama.cpp fork: {@code llm_load_gpu_split}, {@code
 * buffered_tensor_allocator::flush}; docs/powerinfer-facts.md Sec. 1.2 and 1.6). The budget is GPU memory less the
 * runtime's reserve, the vision tower and activations. Filled in order: each layer's attention, norms and predictor,
 * layer by layer; then the LM head; then the KV cache, reserved on the GPU only if all of the above fit; then the
 * hottest FFN neurons with what is left. The offline ILP with threshold 0 is a global greedy on activation frequency;
 * layers share one frequency law here, so every layer gets the same hot fraction.
 */
public final class NeuronPlacer {
    private NeuronPlacer() {
    }

    /** The placement for a GPU budget of {@code budgetBytes}; {@code kvBytes} is the KV cache of all layers. */
    public static NeuronPlacement place(SparseFootprint f, int layers, double budgetBytes, double kvBytes) {
        double left = Math.max(0, budgetBytes);
        int dense = (int) Math.min(layers, Math.floor(left / f.layerBytes()));
        left -= dense * f.layerBytes();
        boolean head = dense == layers && left >= f.headBytes();
        if (head) {
            left -= f.headBytes();
        }
        boolean kv = head && left >= kvBytes;
        if (kv) {
            left -= kvBytes;
        }
        double hot = Math.min(1, left / f.allNeuronBytes());
        double gpu = dense * f.layerBytes() + (head ? f.headBytes() : 0) + hot * f.allNeuronBytes();
        double host = (layers - dense) * f.layerBytes() + (head ? 0 : f.headBytes()) + f.embeddingBytes()
                + (1 - hot) * f.allNeuronBytes();
        return new NeuronPlacement(dense, head, kv, hot, gpu, host);
    }

    /** The same dense placement with a smaller hot set ({@code hot} below the placement's own). */
    public static NeuronPlacement withHotFraction(SparseFootprint f, NeuronPlacement p, double hot) {
        double moved = (p.hotFraction() - hot) * f.allNeuronBytes();
        return new NeuronPlacement(p.denseLayersOnGpu(), p.headOnGpu(), p.kvOnGpu(), hot, p.gpuWeightBytes() - moved,
                p.hostWeightBytes() + moved);
    }

    /** Everything on the GPU (Deja Vu-style sparse inference of a model that fits). */
    public static NeuronPlacement allOnGpu(SparseFootprint f, int layers) {
        double gpu = layers * f.layerBytes() + f.headBytes() + f.allNeuronBytes() + f.embeddingBytes();
        return new NeuronPlacement(layers, true, true, 1, gpu, 0);
    }
}
