package org.roofsweep.core.ops;

/** What an operator is, so systems can place or sparsify groups of them. */
public enum OpKind {
    /** Q/K/V/O projections. */
    PROJECTION,
    /** Score and value products, softmax; fused into one op under FlashAttention. */
    ATTENTION,
    /** FFN (MLP or expert) matrix products: the ones activation sparsity skips. */
    FFN,
    /**
     * FFN matrix products of an MoE model that every token runs: shared experts, and the ordinary FFN of its dense
     * layers. They stay with attention when experts are offloaded.
     */
    DENSE_FFN,
    /** MoE router. */
    ROUTER,
    /** Norms, residual adds, activation functions, rotary embedding. */
    ELEMENTWISE,
    /** Token embedding lookup. */
    EMBEDDING,
    /** Output projection to the vocabulary. */
    LM_HEAD,
    /** Vision encoder and projector operators. */
    VISION,
    /**
     * Vision encoder products of two F32 activations (the CLIP graph's attention without FlashAttention): no F16
     * matrix path takes them, so they run at the device's FP32 vector rate.
     */
    VISION_F32
}
