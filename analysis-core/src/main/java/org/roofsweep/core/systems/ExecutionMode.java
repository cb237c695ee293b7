package org.roofsweep.core.systems;

/**
 * How a system ran a workload: dense kernels over every weight, or predictors and neuron-sparse FFN kernels. PowerInfer
 * runs a model it cannot sparsify (no published activation sparsity, hence no predictors), or one whose sparse path
 * would be slower, in its dense mode: llama.cpp's layer split ({@code -ngl}), priced exactly as {@link LayerOffload}
 * (PowerInfer README FAQ 2; docs/powerinfer-facts.md Sec. 1.1).
 */
public enum ExecutionMode {
    /** Dense kernels: {@code dense-gpu}, {@code layer-offload}. */
    DENSE("dense"),
    /** Activation predictors and neuron-sparse FFN kernels: {@code powerinfer}, {@code sparse-gpu}. */
    SPARSE("sparse"),
    /** PowerInfer's dense mode: the llama.cpp layer split it falls back to. */
    DENSE_MODE("dense mode");

    private final String label;

    ExecutionMode(String label) {
        this.label = label;
    }

    /** The value of the {@code execution_mode} column. */
    public String label() {
        return label;
    }
}
