package org.roofsweep.core.systems;

/**
 * Where a sparse system keeps what: the first {@code denseLayersOnGpu} layers' attention and norms and the first
 * {@code predictorLayersOnGpu} layers' predictors on the GPU (never more predictors than attention blocks: the fork
 * places every layer's attention before any predictor, {@link NeuronPlacer}), the LM head and the KV cache on the GPU
 * or not, and the hottest {@code hotFraction} of all FFN neurons on the GPU (the rest, "cold", in host memory). Byte
 * totals follow from it.
 */
public record NeuronPlacement(int denseLayersOnGpu, int predictorLayersOnGpu, boolean headOnGpu, boolean kvOnGpu,
        double hotFraction, double gpuWeightBytes, double hostWeightBytes) {
    public NeuronPlacement {
        if (predictorLayersOnGpu > denseLayersOnGpu) {
            throw new IllegalArgumentException("predictors on the GPU (" + predictorLayersOnGpu
                    + " layers) need their layers' attention there (" + denseLayersOnGpu + ")");
        }
    }
}
