package org.roofsweep.core.systems;

import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.sparsity.PromptMix;
import org.roofsweep.core.sparsity.UnionTable;

/**
 * The PowerInfer fork's GPU kernels for a pass of two or more tokens through one layer's hot neurons
 * (docs/powerinfer-facts.md Sec. 7.1, {@code ggml-cuda.cu}): up and gate by the batch-sparse kernel
 * ({@code ggml_cuda_op_mul_mat_batch_sparse}), which re-reads a row and the token's FP32 activation row per active
 * (row, token) pair on CUDA cores; down by the per-token AXPY, or above 100 tokens a pass
 * ({@code src1->ne[1] > 100}) by an FP32 SGEMM over every hot neuron dequantised to an FP32 temporary
 * ({@code ggml_cuda_op_mul_mat_transpose_gemm}), once per physical batch of the prefill.
 */
final class ForkGpuKernels {
    /**
     * The batch-sparse kernel's re-reads (FP32 CUDA-core FLOPs, bytes at the cache's rate), the SGEMM (FP32 CUDA-core
     * FLOPs, bytes at the dense DRAM rate) and the DRAM floor of the union's rows (the fork's sparse rate).
     */
    private final Roof reread;
    private final Roof fp32Gemm;
    private final Roof sparse;
    /** Weight matrices per neuron (3 gated, 2 plain), the FP32 bytes of one token's activation row. */
    private final double matrices;
    private final double activationRowBytes;
    /** Bytes per neuron of its FP32 copy: the SGEMM's dequantised temporary. */
    private final double fp32NeuronBytes;
    private final double neuronsPerLayer;
    private final double bytesPerNeuron;
    private final double flopsPerNeuron;
    private final double routed;
    /** Tokens of the prefill, how many physical batches, whether down runs as the SGEMM, each batch's union. */
    private final double prefillTokens;
    private final double ubatches;
    private final boolean downGemm;
    private final UnionTable ubatchUnion;

    /**
     * The kernels of {@code w}'s layer: {@code gpu} the dense GPU unit, {@code sparse} its roofline at the fork's
     * sparse efficiency; a neuron's count, bytes and routed share as {@link SparseFfn} has them.
     */
    ForkGpuKernels(Workload w, Calibration c, PromptMix prompt, ExecutionUnit gpu, Roof sparse,
            double neuronsPerLayer, double bytesPerNeuron, double routed) {
        ModelSpec m = w.model();
        Gpu card = w.platform().gpu();
        double fp32 = card.peak().fp32() * c.gpu(card).floatFraction(card.peak().fp32(), card.tdpWatts());
        // a card without a known FP32 peak keeps its matrix peak
        double fp32Flops = Double.isNaN(fp32) ? gpu.flopsPerSecond() : fp32;
        this.reread = new Roof(1 / fp32Flops, 1 / (gpu.bytesPerSecond() * c.runtime().cacheRereadBandwidthRatio()));
        this.fp32Gemm = new Roof(1 / fp32Flops, 1 / gpu.bytesPerSecond());
        this.sparse = sparse;
        this.matrices = m.matricesPerNeuron();
        this.activationRowBytes = m.hiddenSize() * Units.FP32_BYTES;
        this.fp32NeuronBytes = matrices * activationRowBytes;
        this.neuronsPerLayer = neuronsPerLayer;
        this.bytesPerNeuron = bytesPerNeuron;
        this.flopsPerNeuron = 2.0 * matrices * m.hiddenSize();
        this.routed = routed;
        this.prefillTokens = prompt.tokens();
        double ubatchTokens = Math.min(prefillTokens, c.runtime().ubatchTokens());
        this.ubatches = Math.ceil(prefillTokens / ubatchTokens);
        this.downGemm = ubatchTokens > c.runtime().sparseDenseThresholdTokens();
        this.ubatchUnion = UnionTable.of(prompt.chunk(ubatchTokens), routed);
    }

    /** A pass of {@code n} tokens through every matrix of the hot neurons ({@code unionBytes}: the union's rows). */
    double passSeconds(double n, double hotMass, double unionBytes) {
        return passSeconds(n, hotMass, unionBytes, matrices);
    }

    /**
     * The per-token kernels over {@code n} tokens for {@code k} of a neuron's matrices: each active (row, token) pair
     * re-reads the row and the token's FP32 activation row from the cache and takes 2 d FLOPs on CUDA cores (FP32);
     * DRAM supplies at least the union's rows ({@code unionBytes}, all matrices) at the fork's sparse rate.
     */
    private double passSeconds(double n, double hotMass, double unionBytes, double k) {
        double pairs = n * neuronsPerLayer * hotMass;
        double perMatrix = bytesPerNeuron / matrices;
        double rereads = reread.seconds(pairs * k * 2 * activationRowBytes / Units.FP32_BYTES,
                pairs * k * (perMatrix + activationRowBytes));
        return Math.max(rereads, sparse.seconds(0, unionBytes * k / matrices));
    }

    /**
     * The GPU half in the prefill with a hot fraction of {@code h} ({@code hotMass} the mass a prompt token activates
     * among the hot neurons), per physical batch: up and gate by the batch-sparse kernel; down by the same per-token
     * AXPY, or above the threshold as the FP32 SGEMM (read the weights, write and read the FP32 copy). Its bytes are
     * what DRAM supplies: the rows of each physical batch's union, and the SGEMM's weights and FP32 copy.
     */
    FfnHalves.Half prefill(double h, double hotMass, double logH) {
        double union = ubatches * neuronsPerLayer * ubatchUnion.upTo(h, logH) * bytesPerNeuron;
        double sparseFlops = prefillTokens * neuronsPerLayer * hotMass * flopsPerNeuron;
        if (!downGemm) {
            return new FfnHalves.Half(sparseFlops, union, passSeconds(prefillTokens, hotMass, union, matrices));
        }
        double hot = neuronsPerLayer * h;
        double gemmFlops = 2 * prefillTokens * routed * hot * activationRowBytes / Units.FP32_BYTES;
        double gemmBytes = ubatches * hot * (bytesPerNeuron / matrices + 2 * fp32NeuronBytes / matrices);
        double rest = (matrices - 1) / matrices;
        return new FfnHalves.Half(sparseFlops * rest + gemmFlops, union * rest + gemmBytes,
                passSeconds(prefillTokens, hotMass, union, matrices - 1) + fp32Gemm.seconds(gemmFlops, gemmBytes));
    }
}
