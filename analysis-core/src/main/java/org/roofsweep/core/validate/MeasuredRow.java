package org.roofsweep.core.validate;

import org.roofsweep.core.model.KvCacheType;

/**
 * One row of a measurement CSV (columns in {@code configs/measurements/README.md}). Blank token counts are -1; a batch
 * of 0 means "not stated"; a blank {@code gpuLayers} is -1 (all that fit); a blank {@code hostMemoryGib} is NaN;
 * {@code imageWidth} and {@code imageHeight} are 0 without a stated {@code image_size}; {@code threads} is 0 when not
 * stated; {@code memoryMtPerSecond}, the host memory's speed as installed, is NaN when not stated (the CPU's rating);
 * {@code moeCpuLayers}, the MoE layers whose routed experts a {@code moe-offload} run kept on the CPU, is -1 when not
 * stated (the fewest that fit, as users choose). {@code kvDepth} is the tokens already in the KV cache when the
 * measured prompt or generation starts (llama-bench {@code -d N}, sweep-bench {@code N_KV}; 0 when not stated);
 * {@code flashAttention} is {@link #FLASH_ATTENTION_UNSTATED} (blank), 0 or 1; {@code kvType} the KV cache's type
 * ({@code f16} when not stated, {@link KvCacheType}). {@code vramBudgetGib} is a PowerInfer run's
 * {@code --vram-budget} in GiB (NaN when not stated: the fork's default, all free VRAM). {@code excluded} is why the
 * row is kept but neither predicted nor fitted (the {@code excluded} column: a figure its own source, or the
 * arithmetic of the same run, shows to measure something other than the metric); empty for every other row.
 * {@code ubatchTokens} is the run's physical batch (llama.cpp {@code -ub}, llama-bench's {@code n_ubatch};
 * {@link #UBATCH_UNSTATED} when not stated: the runtime's default); {@code mmap} is {@link #MMAP_UNSTATED} (blank:
 * llama.cpp's default, on), 0 or 1.
 */
public record MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant,
        int batch, int promptTokens, int genTokens, String metric, double value, String gpuKey, String system,
        int gpuLayers, String cpu, String cpuKey, String modelKey, int images, int imageWidth, int imageHeight,
        double hostMemoryGib, int threads, double memoryMtPerSecond, int moeCpuLayers, int kvDepth,
        int flashAttention, KvCacheType kvType, double vramBudgetGib, String excluded, int ubatchTokens, int mmap) {
    /** The system a row without a {@code system} column ran. */
    public static final String DEFAULT_SYSTEM = "dense-gpu";
    /** The {@code gpu} of a CPU-only run. */
    public static final String NO_GPU = "none";
    /** {@code flash_attn} left blank: the model's assumption, FlashAttention on. */
    public static final int FLASH_ATTENTION_UNSTATED = -1;

    /** {@code ubatch} left blank: the runtime's default physical batch. */
    public static final int UBATCH_UNSTATED = 0;

    /** {@code mmap} left blank: llama.cpp's default, the model file mapped. */
    public static final int MMAP_UNSTATED = -1;

    /** A row without the {@code excluded}, {@code ubatch} and {@code mmap} columns: validated, at the defaults. */
    public MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant,
            int batch, int promptTokens, int genTokens, String metric, double value, String gpuKey, String system,
            int gpuLayers, String cpu, String cpuKey, String modelKey, int images, int imageWidth, int imageHeight,
            double hostMemoryGib, int threads, double memoryMtPerSecond, int moeCpuLayers, int kvDepth,
            int flashAttention, KvCacheType kvType, double vramBudgetGib) {
        this(line, sourceUrl, framework, gpu, model, quant, batch, promptTokens, genTokens, metric, value, gpuKey,
                system, gpuLayers, cpu, cpuKey, modelKey, images, imageWidth, imageHeight, hostMemoryGib, threads,
                memoryMtPerSecond, moeCpuLayers, kvDepth, flashAttention, kvType, vramBudgetGib, "", UBATCH_UNSTATED,
                MMAP_UNSTATED);
    }

    /** A row without a {@code vram_budget_gib} column: PowerInfer's default budget. */
    public MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant,
            int batch, int promptTokens, int genTokens, String metric, double value, String gpuKey, String system,
            int gpuLayers, String cpu, String cpuKey, String modelKey, int images, int imageWidth, int imageHeight,
            double hostMemoryGib, int threads, double memoryMtPerSecond, int moeCpuLayers, int kvDepth,
            int flashAttention, KvCacheType kvType) {
        this(line, sourceUrl, framework, gpu, model, quant, batch, promptTokens, genTokens, metric, value, gpuKey,
                system, gpuLayers, cpu, cpuKey, modelKey, images, imageWidth, imageHeight, hostMemoryGib, threads,
                memoryMtPerSecond, moeCpuLayers, kvDepth, flashAttention, kvType, Double.NaN);
    }

    /** A row without the KV-depth, flash_attn and kv_type columns: an empty cache, both unstated. */
    public MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant,
            int batch, int promptTokens, int genTokens, String metric, double value, String gpuKey, String system,
            int gpuLayers, String cpu, String cpuKey, String modelKey, int images, int imageWidth, int imageHeight,
            double hostMemoryGib, int threads, double memoryMtPerSecond, int moeCpuLayers) {
        this(line, sourceUrl, framework, gpu, model, quant, batch, promptTokens, genTokens, metric, value, gpuKey,
                system, gpuLayers, cpu, cpuKey, modelKey, images, imageWidth, imageHeight, hostMemoryGib, threads,
                memoryMtPerSecond, moeCpuLayers, 0, FLASH_ATTENTION_UNSTATED, KvCacheType.F16);
    }

    /** A full-GPU {@code dense-gpu} row with no host, image or layer settings (the original columns). */
    public MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant, int batch,
            int promptTokens, int genTokens, String metric, double value, String gpuKey) {
        this(line, sourceUrl, framework, gpu, model, quant, batch, promptTokens, genTokens, metric, value, gpuKey,
                DEFAULT_SYSTEM, -1, "", "", "", 0, 0, 0, Double.NaN, 0, Double.NaN, -1);
    }

    /** The same row with another measured value (for tests that generate measurements from the model). */
    public MeasuredRow withValue(double v) {
        return new MeasuredRow(line, sourceUrl, framework, gpu, model, quant, batch, promptTokens, genTokens, metric, v,
                gpuKey, system, gpuLayers, cpu, cpuKey, modelKey, images, imageWidth, imageHeight, hostMemoryGib,
                threads, memoryMtPerSecond, moeCpuLayers, kvDepth, flashAttention, kvType, vramBudgetGib, excluded,
                ubatchTokens, mmap);
    }

    /**
     * Whether the run started on an empty KV cache. A row at a KV depth spends its time on attention over the cache
     * (pp512 at a depth of 8192 attends to 33x the query-key pairs of pp512 alone), so it validates the attention's
     * pricing and {@link Calibrator} fits no matrix or streaming efficiency to it.
     */
    public boolean emptyCache() {
        return kvDepth == 0;
    }

    /**
     * Whether the run's prompt was text alone. A prompt with images is timed by a multi-modal CLI (llava-cli,
     * mtmd-cli) over its text chunks and the image embeddings' batches, decoded one after another, so it validates the
     * image-token path and {@link Calibrator} fits no efficiency of the language model to it.
     */
    public boolean textOnly() {
        return images == 0;
    }

    /** Whether the run used FlashAttention: as stated, else on (the model's assumption for llama.cpp builds). */
    public boolean flashAttentionOn() {
        return flashAttention != 0;
    }
}
