package org.roofsweep.core.systems;

/**
 * Which GPU kernels a neuron-sparse system runs its hot neurons with, per pass size (docs/powerinfer-facts.md Sec. 7).
 *
 * <ul>
 *   <li>{@link #FORK}: PowerInfer's llama.cpp fork as its code runs. One token: a row-sparse GEMV (F16 or Q4_0) at
 *       the fork's measured GPU sparse efficiency. Two or more tokens: up and gate take
 *       {@code dequantize_mul_mat_batch_sparse}, one warp per row looping over the tokens, which re-reads the row and
 *       the token's FP32 activations for every active (row, token) pair on CUDA cores; down takes the same per-token
 *       AXPY up to 100 tokens a pass and, above, dequantises the GPU's slice to FP32 and runs {@code cublasSgemm}
 *       over all of it. Eight synchronisations and 6 n_ff + 2 d floats per hybrid layer and token.</li>
 *   <li>{@link #TODAY}: the same approach with kernels of today (the {@code powerinfer-ideal} projection and
 *       {@code sparse-gpu}): row-gathering GEMV and GEMM at a GPU sparse efficiency, tensor-core prefill (dense over
 *       the hot neurons above the threshold), four synchronisations and 2 n_ff + 2 d floats.</li>
 * </ul>
 */
enum SparseKernels {
    FORK, TODAY
}
