package org.roofsweep.core.roofline;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Cpu;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.Workload;

/**
 * A device as the roofline sees it: attainable FLOP/s and bytes/s, already derated by the backend's efficiency
 * factors for the kernel path. Time of an op = max(FLOPs / its rate, bytes / bytesPerSecond) (arXiv 2402.16363, Sec.
 * 2.2; the rate {@link #flopsPerSecondOf}); a forward
 * pass adds {@code layerOverheadSeconds} per layer it runs (kernel launches). {@code scanCacheBytes} is the cache one
 * core keeps a fused attention kernel's scan of one KV head in: where an op's scan ({@link Op#kvScanBytes}) is larger,
 * the kernel's re-reads of K and V ({@link Op#kvRereadBytes}) stream from memory ({@link #bytesOf}); infinite on a
 * GPU, whose FlashAttention kernels load K and V tiles once for a block of query rows and heads. {@code kvSplitThreads}
 * are the threads that share a decode scan split by keys ({@link Op#kvSplitAcrossThreads}): the run's threads on a CPU
 * whose build splits them (llama.cpp since PR #19209, {@link org.roofsweep.core.hardware.RuntimeConstants}), so that
 * each core holds its share of the scan; 1 elsewhere. {@code attentionFlopsPerSecond} is the rate of the attention
 * ops ({@link OpKind#ATTENTION}): a CPU's own kernel path ({@link #hostCpuOf}), the unit's
 * {@code flopsPerSecond} on a GPU. {@code stepLayerOverheadSeconds} is a decode step's fixed cost per layer: a GPU
 * backend that captures the step as one graph ({@link org.roofsweep.core.hardware.GraphCapture}) pays the graph's, a
 * prompt pass and every other unit {@code layerOverheadSeconds}.
 */
public record ExecutionUnit(String name, double flopsPerSecond, double bytesPerSecond, double layerOverheadSeconds,
        double scanCacheBytes, int kvSplitThreads, double attentionFlopsPerSecond, double stepLayerOverheadSeconds) {

    public ExecutionUnit {
        if (!(stepLayerOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("unit " + name + ": a decode step's layer overhead must be >= 0, found "
                    + stepLayerOverheadSeconds);
        }
        if (!(attentionFlopsPerSecond > 0)) {
            throw new IllegalArgumentException("unit " + name + ": attention runs at a rate above 0 FLOP/s, found "
                    + attentionFlopsPerSecond);
        }
        if (kvSplitThreads < 1) {
            throw new IllegalArgumentException("unit " + name + ": a scan is split among at least 1 thread, found "
                    + kvSplitThreads);
        }
    }

    /** A unit whose decode steps launch their kernels as its prompt passes do. */
    public ExecutionUnit(String name, double flopsPerSecond, double bytesPerSecond, double layerOverheadSeconds,
            double scanCacheBytes, int kvSplitThreads, double attentionFlopsPerSecond) {
        this(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, scanCacheBytes, kvSplitThreads,
                attentionFlopsPerSecond, layerOverheadSeconds);
    }

    /** A unit whose attention runs at {@code flopsPerSecond} like its other ops. */
    public ExecutionUnit(String name, double flopsPerSecond, double bytesPerSecond, double layerOverheadSeconds,
            double scanCacheBytes, int kvSplitThreads) {
        this(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, scanCacheBytes, kvSplitThreads,
                flopsPerSecond);
    }

    /** A unit that never pays a fused attention kernel's re-reads (a GPU). */
    public ExecutionUnit(String name, double flopsPerSecond, double bytesPerSecond, double layerOverheadSeconds) {
        this(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, Double.POSITIVE_INFINITY);
    }

    /** A unit whose cores keep {@code scanCacheBytes} of a scan and split none. */
    public ExecutionUnit(String name, double flopsPerSecond, double bytesPerSecond, double layerOverheadSeconds,
            double scanCacheBytes) {
        this(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, scanCacheBytes, 1);
    }

    /**
     * The GPU of {@code w}'s platform under its runtime backend's calibration in {@code c}, at {@code w}'s precision,
     * running the whole model; {@link #gpuOf(Workload, Calibration, boolean)}.
     */
    public static ExecutionUnit gpuOf(Workload w, Calibration c) {
        return gpuOf(w, c, false);
    }

    /**
     * The GPU of {@code w}'s platform under its runtime backend's calibration in {@code c}, at {@code w}'s precision;
     * its decode steps of {@code w}'s batch (one token per sequence) at the backend's step launch cost
     * ({@link Calibration#stepLayerOverheadSeconds}: a captured graph's at batch 1 on a card that captures, a step
     * {@code split} with the host only in builds that capture those).
     */
    public static ExecutionUnit gpuOf(Workload w, Calibration c, boolean split) {
        ExecutionUnit u = gpu(w.platform().gpu(), efficiencyOf(w, c), w.precision());
        return u.withStepLayerOverhead(c.stepLayerOverheadSeconds(w.platform().gpu(), w.batch(), split));
    }

    /**
     * The efficiency {@code c} gives {@code w}'s GPU for {@code w}'s weights and prompt micro-batch: its batch x prompt
     * tokens, at most llama.cpp's ubatch ({@link Calibration#gpu(Gpu, Precision, double)}).
     */
    public static Efficiency efficiencyOf(Workload w, Calibration c) {
        return c.gpu(w.platform().gpu(), w.precision(), promptRows(w, c));
    }

    /** Rows of {@code w}'s prompt micro-batch: its batch x prompt tokens, at most llama.cpp's ubatch. */
    public static double promptRows(Workload w, Calibration c) {
        double rows = (double) w.batch() * w.promptTokens();
        return c.runtime() != null ? Math.min(rows, c.runtime().ubatchTokens()) : rows;
    }

    /**
     * The host CPU of {@code w}'s platform, streaming the platform's host bandwidth, calibrated by {@code c} for the
     * matrix kernel of {@code w}'s weight format ({@link Calibration#cpuFor}). Its attention computes at
     * {@link org.roofsweep.core.hardware.RuntimeConstants#cpuAttentionCompute} of the run's FP32 FMA peak whatever the
     * weights: ggml-cpu's score and value products are F16/F32 dot products of one head's length, never the weights'
     * integer kernels (an engine with tiled attention: at the matrix rate; no runtime: at the matrix rate, as before
     * attention had a path of its own).
     */
    public static ExecutionUnit hostCpuOf(Workload w, Calibration c) {
        ExecutionUnit u = cpu(w.platform().cpu(), w.platform().hostBandwidthBytesPerSecond(), c.cpuFor(w.precision()),
                w.precision());
        double experts = c.cpuExpertSeconds() * expertMatricesPerLayer(w.model());
        if (c.runtime() == null) {
            return new ExecutionUnit(u.name, u.flopsPerSecond, u.bytesPerSecond, u.layerOverheadSeconds + experts);
        }
        Cpu cpu = w.platform().cpu();
        double share = c.runtime().cpuAttentionCompute();
        double attention = Double.isInfinite(share) ? u.flopsPerSecond
                : cpu.fp32FlopsPerSecond() * cpu.computeShare() * share;
        ExecutionUnit unit = new ExecutionUnit(u.name, u.flopsPerSecond, u.bytesPerSecond,
                u.layerOverheadSeconds + experts, Double.POSITIVE_INFINITY, 1, attention);
        ExecutionUnit cached = unit.withScanCache(c.runtime().cpuCacheBytesPerCore());
        return c.runtime().cpuSplitKvDecode() ? cached.withKvSplitThreads(cpu.runThreads()) : cached;
    }

    /**
     * Expert matrices one token's MUL_MAT_IDs multiply per layer, averaged over the layers: k used experts x 3
     * (gate, up and down, 2 without a gate: llama.cpp's build_moe_ffn issues one MUL_MAT_ID each, and ggml-cpu's
     * ggml_compute_forward_mul_mat_id runs the products expert by expert) in each MoE layer; 0 for a dense model.
     * Each costs the CPU a fixed {@link Calibration#cpuExpertSeconds} beside its bytes, so a model of many small
     * experts (Qwen3-30B-A3B: 8 of 128, 0.8 MB matrices) streams slower than its active bytes, one of few large ones
     * (Mixtral: 2 of 8, 60 MB) as fast.
     */
    public static double expertMatricesPerLayer(org.roofsweep.core.model.ModelSpec m) {
        return promptExpertMatrices(m, m.moe().expertsPerToken()) / m.numLayers();
    }

    /**
     * Expert matrices a prompt's MUL_MAT_IDs multiply in all, summed over the model's layers and the prompt's
     * ubatches, given {@code touchedPerLayer}, the experts its ubatches' rows were routed to in one layer, summed
     * over the ubatches: ggml_compute_forward_mul_mat_id runs every expert that at least one of a ubatch's rows was
     * routed to, one after another, and skips the others ({@code if (cne1 == 0) continue}; ggml-cpu.c, ggml-org/llama.cpp
     * at 1b5f950), so a ubatch of 512 tokens multiplies all 128 of Qwen3-30B-A3B's experts where one token multiplies
     * 8. Gate, up and down of each (2 without a gate) in each MoE layer; 0 for a dense model.
     */
    public static double promptExpertMatrices(org.roofsweep.core.model.ModelSpec m, double touchedPerLayer) {
        if (!m.moe().isMoe()) {
            return 0;
        }
        int matrices = m.gatedMlp() ? 3 : 2;
        return (double) matrices * touchedPerLayer * m.moe().moeLayers(m.numLayers());
    }

    public static ExecutionUnit gpu(Gpu gpu, Efficiency e, Precision p) {
        double bytesPerSecond = e.streamingBytesPerSecond(gpu);
        double flopsPerSecond = e.flopsPerSecond(gpu.peak(), bytesPerSecond, gpu.tdpWatts(), p);
        return new ExecutionUnit(gpu.key(), flopsPerSecond, bytesPerSecond, e.layerOverheadSeconds());
    }

    /**
     * A CPU streaming from the host memory actually installed ({@code hostBytesPerSecond}); matrix products over
     * quantized weights run the INT8 dot-product path at {@code e.quantizedCompute()} (the kernel's: vec_dot or an
     * integer matrix kernel, {@link Calibration#cpuFor}), F16/F32 ones the FP32 FMA path at {@code e.compute()}
     * ({@link Cpu#peakFor}). A quantized kernel's other vector instructions (sign fixes, the int-to-float conversion,
     * the FMA with the blocks' scales: about five beside each block's one VPDPBUSD, or its VPMADDUBSW + VPMADDWD pair
     * without VNNI, in tinyBLAS_Q0_AVX's updot loop, ggml-cpu/llamafile/sgemm.cpp at 02e86cf) run in series at the
     * FP32 vector rate: an int8 op costs 1 / (INT8 rate x quantizedCompute) + vectorOpsPerInt8Op / FP32 rate, so a
     * CPU without VNNI, whose dot products take two instructions, is not half as fast as one with them. A layer's fixed cost is {@code e.layerOverheadSeconds()} per
     * thread of the run: ggml's CPU backend ends every graph node with a barrier on one shared counter, which each of
     * the run's threads passes in turn (ggml-cpu.c, ggml_graph_compute_thread / ggml_barrier), so a layer of some 35
     * nodes (llama.cpp logs "graph nodes = 566" for the 16 layers of Llama-3.2-1B) costs in proportion to the threads.
     */
    public static ExecutionUnit cpu(Cpu cpu, double hostBytesPerSecond, Efficiency e, Precision p) {
        double flopsPerSecond = cpu.peakFor(p) * e.compute();
        if (p.weightBits() < 16) {
            // the dot products at the kernel's efficiency, then its other vector work at the FP32 rate, in series
            double fp32 = cpu.fp32FlopsPerSecond() * cpu.computeShare();
            flopsPerSecond = 1 / (1 / (cpu.peakFor(p) * e.quantizedCompute()) + e.vectorOpsPerInt8Op() / fp32);
        }
        return new ExecutionUnit(cpu.key(), flopsPerSecond, hostBytesPerSecond * e.memory(),
                e.layerOverheadSeconds() * cpu.runThreads());
    }

    /** Fixed cost of {@code layers} layers in {@code passes} forward passes. */
    public double overhead(double layers, double passes) {
        return layers * passes * layerOverheadSeconds;
    }

    /** Fixed cost of {@code layers} layers in {@code steps} decode steps ({@link #stepLayerOverheadSeconds}). */
    public double stepOverhead(double layers, double steps) {
        return layers * steps * stepLayerOverheadSeconds;
    }

    /** A copy whose decode steps cost {@code seconds} per layer. */
    public ExecutionUnit withStepLayerOverhead(double seconds) {
        return new ExecutionUnit(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, scanCacheBytes,
                kvSplitThreads, attentionFlopsPerSecond, seconds);
    }

    /** Time of work at the unit's matrix rate: not for attention, which {@link #seconds(Op)} times at its own. */
    public double seconds(double flops, double bytes) {
        return Math.max(flops / flopsPerSecond, bytes / bytesPerSecond);
    }

    public double seconds(Op op) {
        return Math.max(op.flops() / flopsPerSecondOf(op), bytesOf(op) / bytesPerSecond);
    }

    /** The FLOP rate {@code op} computes at on this unit: {@link #attentionFlopsPerSecond} for attention. */
    public double flopsPerSecondOf(Op op) {
        return op.kind() == OpKind.ATTENTION ? attentionFlopsPerSecond : flopsPerSecond;
    }

    /**
     * The bytes {@code op} moves on this unit: its own, and the fused attention kernel's re-reads of K and V where the
     * scan one core makes of a KV head outgrows {@link #scanCacheBytes}. A scan that fits stays in the core's cache
     * from one query row (or head) to the next; one that does not is evicted before the next row reaches it (a cyclic
     * walk over more than an LRU cache holds misses on every line), so each row reads it again from memory. A decode
     * scan split by keys ({@link Op#kvSplitAcrossThreads}) is a core's share of the keys, 1 / {@link #kvSplitThreads}
     * of the scan, which the core walks once for every query head of the KV head (ggml-cpu's
     * {@code use_split_kv_path}: each thread runs {@code one_chunk} over its {@code [ic_start, ic_end)} for
     * {@code q_head} 0 to {@code neq2 - 1} in turn).
     */
    public double bytesOf(Op op) {
        double scan = op.kvSplitAcrossThreads() ? op.kvScanBytes() / kvSplitThreads : op.kvScanBytes();
        return scan > scanCacheBytes ? op.bytes() + op.kvRereadBytes() : op.bytes();
    }

    /** A copy whose cores keep {@code bytes} of a fused attention kernel's scan in cache. */
    public ExecutionUnit withScanCache(double bytes) {
        return new ExecutionUnit(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, bytes, kvSplitThreads,
                attentionFlopsPerSecond, stepLayerOverheadSeconds);
    }

    /** A copy whose decode scans split by keys are shared among {@code threads} threads. */
    public ExecutionUnit withKvSplitThreads(int threads) {
        return new ExecutionUnit(name, flopsPerSecond, bytesPerSecond, layerOverheadSeconds, scanCacheBytes, threads,
                attentionFlopsPerSecond, stepLayerOverheadSeconds);
    }

    /** True when {@code op}'s time on this unit is its memory traffic's ({@link #seconds(Op)}). */
    public boolean memoryBound(Op op) {
        return bytesOf(op) / bytesPerSecond >= op.flops() / flopsPerSecondOf(op);
    }

    /** True when work of this intensity lies below the matrix rate's ridge (attention: {@link #memoryBound(Op)}). */
    public boolean memoryBound(double flops, double bytes) {
        return bytes / bytesPerSecond >= flops / flopsPerSecond;
    }

    /** The ridge point: the arithmetic intensity (FLOP/byte) above which ops are compute-bound. */
    public double ridgeIntensity() {
        return flopsPerSecond / bytesPerSecond;
    }

    /** A copy with the memory path derated further (sparse kernels gather rows and reach less bandwidth). */
    public ExecutionUnit withMemoryFactor(double factor) {
        return new ExecutionUnit(name, flopsPerSecond, bytesPerSecond * factor, layerOverheadSeconds, scanCacheBytes,
                kvSplitThreads, attentionFlopsPerSecond, stepLayerOverheadSeconds);
    }

    /** A copy with the compute path derated further (a graph of small ops with F32 intermediates, like a CLIP graph). */
    public ExecutionUnit withComputeFactor(double factor) {
        return new ExecutionUnit(name, flopsPerSecond * factor, bytesPerSecond, layerOverheadSeconds, scanCacheBytes,
                kvSplitThreads, attentionFlopsPerSecond * factor, stepLayerOverheadSeconds);
    }
}
