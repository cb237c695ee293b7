package org.roofsweep.core.systems;

/**
 * Which halves of a layer's FFN a hot fraction h has: the CPU's only (h = 0), both (the hybrid layer PowerInfer is
 * built for), or the GPU's only (h = 1). Everything of a pass but the FFN itself depends on h only through this:
 * the link synchronisations and the kernel launches.
 */
enum FfnSplit {
    CPU_ONLY, HYBRID, GPU_ONLY;

    static FfnSplit of(double h) {
        return h <= 0 ? CPU_ONLY : h < 1 ? HYBRID : GPU_ONLY;
    }
}
