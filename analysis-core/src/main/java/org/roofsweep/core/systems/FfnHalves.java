package org.roofsweep.core.systems;

/**
 * One layer's FFN under a neuron-sparse placement, split where PowerInfer splits it (arXiv 2312.12456, Sec. 4-6):
 * the GPU's half computes the active hot neurons (the hottest {@code hotFraction} of them, in VRAM), the CPU's half
 * the active cold ones from host memory, concurrently; the layer waits for the slower half. Each half per layer, in a
 * decode step (any step: the FFN does not read the context) and in the whole prefill.
 *
 * @param hotFraction the share of the FFN's neurons on the GPU
 * @param stepGpu the GPU's half of one decode step
 * @param stepCpu the CPU's half of one decode step
 * @param prefillGpu the GPU's half of the prefill
 * @param prefillCpu the CPU's half of the prefill
 */
public record FfnHalves(double hotFraction, Half stepGpu, Half stepCpu, Half prefillGpu, Half prefillCpu) {
    /**
     * One half's work: the FLOPs it computes, the bytes its device's memory supplies (the rows of the active neurons'
     * union, as the half's kernel reads them) and the seconds its kernels take.
     */
    public record Half(double flops, double bytes, double seconds) {
        /** The half of a device that holds no neuron. */
        public static final Half NONE = new Half(0, 0, 0);
    }
}
