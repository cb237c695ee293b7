package org.roofsweep.core.sweep;

/**
 * The input values of one grid point. {@code sparsitySetting} is NaN when the sweep asks for each model's own
 * published sparsity, and {@code sparsity} is the value the systems assume (the setting, else the model's figure, else
 * 0); {@code gpuLayersSetting} is -1 when layer-offload picks the most layers that fit, {@code moeCpuLayersSetting}
 * -1 when moe-offload picks the fewest CPU-expert layers that fit; {@code kvOffload} keeps layer-offload's KV cache in
 * host memory. The image-token axes ({@link org.roofsweep.core.request.TokenAssumptions}): {@code imageSparsitySetting}
 * is NaN for "model" and {@code imageSparsity} the value assumed (the setting, else the text's {@code sparsity}).
 * {@code kvDepthTokens} is the tokens each sequence already holds in its KV cache before the request (a chat's
 * history, an agent's earlier turns; {@link org.roofsweep.core.request.Workload#kvDepthTokens}).
 */
public record SweepPoint(
        long pointId,
        String platform,
        String gpu,
        String cpu,
        double hostMemoryGib,
        String model,
        String system,
        String weightFormat,
        double weightBits,
        int kvBits,
        int activationBits,
        int batch,
        int promptTokens,
        int generatedTokens,
        double sparsitySetting,
        double sparsity,
        int images,
        int imageWidth,
        int imageHeight,
        int gpuLayersSetting,
        int moeCpuLayersSetting,
        boolean kvOffload,
        double imageSparsitySetting,
        double imageSparsity,
        double tokenCorrelation,
        double imageTokenKeep,
        int pruneAfterLayer,
        int kvDepthTokens) {

    /** A point on an empty KV cache. */
    public SweepPoint(long pointId, String platform, String gpu, String cpu, double hostMemoryGib, String model,
            String system, String weightFormat, double weightBits, int kvBits, int activationBits, int batch,
            int promptTokens, int generatedTokens, double sparsitySetting, double sparsity, int images, int imageWidth,
            int imageHeight, int gpuLayersSetting, int moeCpuLayersSetting, boolean kvOffload,
            double imageSparsitySetting, double imageSparsity, double tokenCorrelation, double imageTokenKeep,
            int pruneAfterLayer) {
        this(pointId, platform, gpu, cpu, hostMemoryGib, model, system, weightFormat, weightBits, kvBits,
                activationBits, batch, promptTokens, generatedTokens, sparsitySetting, sparsity, images, imageWidth,
                imageHeight, gpuLayersSetting, moeCpuLayersSetting, kvOffload, imageSparsitySetting, imageSparsity,
                tokenCorrelation, imageTokenKeep, pruneAfterLayer, 0);
    }
}
