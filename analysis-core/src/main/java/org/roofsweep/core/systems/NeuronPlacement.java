package org.roofsweep.core.systems;

/**
 * Where a sparse system keeps what: the first {@code denseLayersOnGpu} layers' attention, norms and predictors on the
 * GPU, the LM head and the KV cache on the GPU or not, and the hottest {@code hotFraction} of all FFN neurons on the
 * GPU (the rest, "cold", in host memory). Byte totals follow from it.
 */
public record NeuronPlacement(int denseLayersOnGpu, boolean headOnGpu, boolean kvOnGpu, double hotFraction,
        double gpuWeightBytes, double hostWeightBytes) {
}
