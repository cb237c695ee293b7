package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.LinkTime;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * One layer's prompt attention over a KV cache in host memory as llama.cpp's CUDA builds before the ggml-backend
 * scheduler ran it ({@link org.roofsweep.core.hardware.RuntimeConstants#hostDrivenGraph}; ggml-org/llama.cpp at
 * c091cdf, 2023-09-23, the llama-bench README's commit). The score and value products of a prompt batch go to the GPU
 * though every operand is in host memory: {@code ggml_cuda_compute_forward} takes any {@code GGML_OP_MUL_MAT} that
 * {@code ggml_cuda_can_mul_mat} accepts (F32, F16 or quantized weights, F32 activations, both dimensions and the
 * shared one at least 32: n_kv x n_tokens x head size for the scores, head size x n_tokens x n_kv for the values), and
 * {@code ggml_cuda_mul_mat} sends an F16 cache through {@code ggml_cuda_op_mul_mat} with cuBLAS, which copies the
 * cache view and the activations in head by head, copies the result back to host memory and ends with
 * {@code cudaDeviceSynchronize} because the result tensor is a host one. Between the two products the CPU scales,
 * masks and soft-maxes the F32 scores in three in-place passes ({@code ggml_scale_inplace},
 * {@code ggml_diag_mask_inf_inplace}, {@code ggml_soft_max_inplace} of {@code llm_build_llama}), each reading and
 * writing every score. The copies are of pinned memory: the CUDA build allocates the compute buffer and the KV cache
 * with {@code ggml_cuda_host_malloc} ({@code llama_host_malloc}). A graph without the score matrix (FlashAttention, which
 * no such build has) keeps the attention on the CPU.
 *
 * @param gpuSeconds the two products on the GPU
 * @param cpuSeconds the three passes over the scores on the CPU
 * @param linkSeconds every byte the products read or write over the link, one synchronisation per product
 */
record HostKvAttention(double gpuSeconds, double cpuSeconds, double linkSeconds) {
    /** The in-place passes over the scores between the two products: scale, causal mask, soft max. */
    static final int SCORE_PASSES = 3;

    /** The prompt attention of one layer whose ops are {@code prefillLayer}. */
    static HostKvAttention of(Workload w, Calibration c, Op[] prefillLayer, ExecutionUnit gpu, ExecutionUnit cpu) {
        if (w.flashAttention()) {
            return new HostKvAttention(0, Roofline.seconds(prefillLayer, cpu, OpKind.ATTENTION), 0);
        }
        double gpuSeconds = 0;
        double cpuSeconds = 0;
        double linkBytes = 0;
        int products = 0;
        for (Op op : Op.ofKinds(prefillLayer, OpKind.ATTENTION)) {
            if (op.kvReadBytes() > 0) {
                // a product: the cache view and the activations in, the result out
                gpuSeconds += gpu.seconds(op);
                linkBytes += op.kvReadBytes() + op.activationBytes();
                products++;
            } else {
                // the soft max: its FLOPs once, its read and write of the scores in each of the passes
                cpuSeconds += cpu.seconds(new Op("score_passes", OpKind.ATTENTION, op.flops(), 0,
                        SCORE_PASSES * op.activationBytes(), 0, 0));
            }
        }
        return new HostKvAttention(gpuSeconds, cpuSeconds, LinkTime.seconds(w, c, linkBytes, products));
    }
}
