package org.roofsweep.core.hardware;

import java.util.List;

/**
 * Constants of the inference runtimes being modelled (llama.cpp and PowerInfer's fork of it), each sourced in
 * {@code configs/calibration.json}.
 *
 * @param gpuReservedBytes GPU memory the runtime holds besides weights, KV cache and activations (CUDA context,
 *     cuBLAS workspace)
 * @param linkEfficiency fraction of the host link's per-direction payload rate that pinned copies reach
 * @param linkLatencySeconds cost of one CPU-GPU synchronisation / small copy
 * @param sparseKernelEfficiency fraction of dense streaming bandwidth that row-gathering sparse kernels reach
 * @param predictorRank hidden width of a per-layer activation predictor (d x r, r x n_ff)
 * @param sparseDenseThresholdTokens tokens in one pass above which PowerInfer's GPU FFN runs dense
 * @param cpuSparseBlockTokens tokens the CPU sparse kernel blocks together (it streams the union of their rows)
 * @param offloadMinBatchTokens tokens in one pass from which llama.cpp runs CPU-resident matrix products on the GPU,
 *     copying the weights over the link
 * @param ubatchTokens llama.cpp's physical batch: prompts are processed in chunks of this many tokens
 * @param forkGpuSparseEfficiency fraction of dense streaming bandwidth that PowerInfer's own GPU sparse kernels reach
 *     (its one-token GEMV, with the predictor and the scatter around it)
 * @param idealGpuSparseEfficiency the same for row-gathering kernels of today (the {@code powerinfer-ideal}
 *     projection)
 * @param cacheRereadBandwidthRatio on-chip cache bandwidth over DRAM bandwidth: the rate at which PowerInfer's
 *     batch-sparse kernel re-reads a weight row and a token's activations per (row, token) pair
 * @param llamaCppContextTokens the context (n_ctx) llama.cpp reserves the KV cache for when none is given
 * @param forkContextTokens the same for PowerInfer's fork ({@code common/common.h})
 * @param forkLlavaMinContextTokens the least context the fork's llava example reserves for a request with an image
 * @param cpuCacheBytesPerCore the cache one CPU core holds a fused attention kernel's scan of one KV head in
 *     (its private L2): a longer scan is read again from memory for every query row and head
 * @param cpuAttentionCompute the share of the FP32 FMA peak ({@link Cpu#fp32FlopsPerSecond} times the run's
 *     {@link Cpu#computeShare}) at which mainline ggml-cpu computes attention's score and value products, whatever
 *     the weights' format (dot products one head long over the F16 cache, never the weights' matrix kernels; a Q8_0
 *     K cache's integer score products measured at the same rate); infinite for an engine whose tiled FlashAttention
 *     runs at its matrix kernels' rate ({@link #withTiledCpuAttention})
 * @param hostDrivenGraph the graph runs as llama.cpp's CUDA and ROCm builds before the ggml-backend scheduler (PR
 *     #4766, 2024-01-12) ran a partial offload: the CPU's thread pool walks every node, GPU ones included, and a GPU
 *     op with an operand or its result in host memory copies it there and back itself ({@code ggml_cuda_op_mul_mat}),
 *     see {@code systems.HostKvAttention}; set by {@link Calibration#builtOn} for a build dated before it
 *     ({@link KernelBuild#beforeGgmlBackend}) and applied where the GPU runs CUDA or ROCm
 *     ({@link Calibration#hostDrivenGraph(Gpu)}); false for every build since, an undated one and a sweep's default
 * @param cpuSplitKvDecode the CPU's decode FlashAttention over an F16 cache splits the keys across its threads
 *     (llama.cpp PR #19209, "ggml-cpu: FA split across kv for faster TG", merged {@link #SPLIT_KV_DECODE_SINCE}),
 *     see {@code ops.Op#kvSplitAcrossThreads}; true for every build since and for every sweep, false before
 * @param hostWeightsPinned the host-resident weights sit in the GPU backend's pinned host buffer, as llama.cpp loads
 *     them with {@code --no-mmap} ({@code make_cpu_buft_list}: "add a host buffer type ... useful when the processing
 *     of large batches is offloaded to a GPU device"), so a prompt's copies of them run at the link's pinned rate;
 *     false with the default {@code mmap}, whose buffer is the model file's mapped, pageable pages
 */
public record RuntimeConstants(
        double gpuReservedBytes,
        double linkEfficiency,
        double linkLatencySeconds,
        double sparseKernelEfficiency,
        int predictorRank,
        int sparseDenseThresholdTokens,
        int cpuSparseBlockTokens,
        int offloadMinBatchTokens,
        int ubatchTokens,
        double forkGpuSparseEfficiency,
        double idealGpuSparseEfficiency,
        double cacheRereadBandwidthRatio,
        int llamaCppContextTokens,
        int forkContextTokens,
        int forkLlavaMinContextTokens,
        double cpuCacheBytesPerCore,
        double cpuAttentionCompute,
        boolean hostDrivenGraph,
        boolean cpuSplitKvDecode,
        boolean hostWeightsPinned) implements java.io.Serializable {

    /**
     * The day llama.cpp's PR #19209 was merged (commit "ggml-cpu: FA split across kv for faster TG (#19209)",
     * 2026-02-02): from it on, ggml-cpu's one-token FlashAttention over an F16 or F32 cache of 512 keys or more gives
     * each thread a chunk of the keys for every query head ({@code use_split_kv_path}), where earlier builds gave each
     * thread query heads and the whole context ("each thread reads the entire sequence", the PR's description).
     */
    public static final java.time.LocalDate SPLIT_KV_DECODE_SINCE = java.time.LocalDate.of(2026, 2, 2);

    /** Rejects what would silently break the memory checks or the timing: NaN, negatives, efficiencies above 1. */
    public RuntimeConstants {
        if (!(gpuReservedBytes >= 0 && gpuReservedBytes < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("GPU reserved bytes must be finite and >= 0, found " + gpuReservedBytes);
        }
        if (!(linkEfficiency > 0 && linkEfficiency <= 1)) {
            throw new IllegalArgumentException("link efficiency must be in (0, 1], found " + linkEfficiency);
        }
        if (!(linkLatencySeconds >= 0 && linkLatencySeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("link latency must be finite and >= 0, found " + linkLatencySeconds);
        }
        if (!(sparseKernelEfficiency > 0 && sparseKernelEfficiency <= 1)) {
            throw new IllegalArgumentException("sparse kernel efficiency must be in (0, 1], found "
                    + sparseKernelEfficiency);
        }
        for (double f : new double[] {forkGpuSparseEfficiency, idealGpuSparseEfficiency}) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("GPU sparse efficiencies must be in (0, 1], found " + f);
            }
        }
        if (!(cacheRereadBandwidthRatio >= 1 && cacheRereadBandwidthRatio < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the cache re-read bandwidth ratio must be finite and >= 1, found "
                    + cacheRereadBandwidthRatio);
        }
        if (!(cpuCacheBytesPerCore > 0)) {
            throw new IllegalArgumentException("the CPU cache per core must be > 0 bytes, found "
                    + cpuCacheBytesPerCore);
        }
        boolean tiled = cpuAttentionCompute == Double.POSITIVE_INFINITY;
        if (!(cpuAttentionCompute > 0 && (cpuAttentionCompute <= 1 || tiled))) {
            throw new IllegalArgumentException("the CPU attention compute share must be in (0, 1] or infinite, found "
                    + cpuAttentionCompute);
        }
        List<Integer> counts = List.of(predictorRank, sparseDenseThresholdTokens, cpuSparseBlockTokens,
                offloadMinBatchTokens, ubatchTokens, llamaCppContextTokens, forkContextTokens,
                forkLlavaMinContextTokens);
        if (counts.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("token counts and the predictor rank must be >= 1, found " + counts);
        }
    }

    /**
     * The same constants for an engine whose CPU FlashAttention tiles K and V: no re-reads (an infinite cache per core)
     * and its products at the matrix kernels' rate (an infinite {@link #cpuAttentionCompute}).
     */
    public RuntimeConstants withTiledCpuAttention() {
        return with(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, ubatchTokens, hostDrivenGraph, cpuSplitKvDecode,
                hostWeightsPinned);
    }

    /** The same constants with another share of the FP32 peak for mainline's CPU attention (1: ideal, a fit's base). */
    public RuntimeConstants withCpuAttentionCompute(double share) {
        return with(cpuCacheBytesPerCore, share, ubatchTokens, hostDrivenGraph, cpuSplitKvDecode, hostWeightsPinned);
    }

    /** The same constants as a build before the ggml-backend scheduler runs its graph ({@link #hostDrivenGraph}). */
    public RuntimeConstants withHostDrivenGraph() {
        return with(cpuCacheBytesPerCore, cpuAttentionCompute, ubatchTokens, true, cpuSplitKvDecode, hostWeightsPinned);
    }

    /** The same constants with another physical batch ({@code -ub}, llama-bench's {@code n_ubatch}). */
    public RuntimeConstants withUbatchTokens(int tokens) {
        return with(cpuCacheBytesPerCore, cpuAttentionCompute, tokens, hostDrivenGraph, cpuSplitKvDecode,
                hostWeightsPinned);
    }

    /**
     * The same constants as a build made on {@code built} runs its CPU decode attention: keys split across threads
     * from {@link #SPLIT_KV_DECODE_SINCE} on, query heads before.
     */
    public RuntimeConstants builtOn(java.time.LocalDate built) {
        return with(cpuCacheBytesPerCore, cpuAttentionCompute, ubatchTokens, hostDrivenGraph,
                !built.isBefore(SPLIT_KV_DECODE_SINCE),
                hostWeightsPinned);
    }

    /** The same constants for a run that loads the weights with {@code --no-mmap} ({@link #hostWeightsPinned}). */
    public RuntimeConstants withPinnedHostWeights() {
        return with(cpuCacheBytesPerCore, cpuAttentionCompute, ubatchTokens, hostDrivenGraph, cpuSplitKvDecode, true);
    }

    /** The same constants but those a build, a kernel or a run's flags change. */
    private RuntimeConstants with(double cpuCache, double attention, int ubatch, boolean hostDriven, boolean splitKv,
            boolean pinned) {
        return new RuntimeConstants(gpuReservedBytes, linkEfficiency, linkLatencySeconds, sparseKernelEfficiency,
                predictorRank, sparseDenseThresholdTokens, cpuSparseBlockTokens, offloadMinBatchTokens, ubatch,
                forkGpuSparseEfficiency, idealGpuSparseEfficiency, cacheRereadBandwidthRatio, llamaCppContextTokens,
                forkContextTokens, forkLlavaMinContextTokens, cpuCache, attention, hostDriven, splitKv, pinned);
    }
}
