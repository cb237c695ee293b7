package org.roofsweep.core.request;

import org.roofsweep.core.hardware.Calibration;

/** Time on the GPU's host link: the CPU-GPU traffic of the offloading systems. */
public final class LinkTime {
    private LinkTime() {
    }

    /**
     * Seconds to move {@code bytes} over the workload's host link at the calibrated link efficiency, plus the latency
     * of {@code syncs} synchronisations. A unified memory moves nothing and pays the latency only.
     */
    public static double seconds(Workload w, Calibration c, double bytes, double syncs) {
        var link = w.platform().gpu().link();
        double latency = syncs * c.runtime().linkLatencySeconds();
        if (link.unified()) {
            return latency;
        }
        return latency + bytes / (link.bytesPerSecond() * c.runtime().linkEfficiency());
    }

    /**
     * Seconds to copy {@code bytes} of weights that llama.cpp reads from a memory-mapped model file (pageable host
     * memory, its default): the CUDA driver first copies pageable data on one CPU thread into a pinned staging buffer,
     * then DMAs it over the link (NVIDIA, "How to Optimize Data Transfers in CUDA C/C++"); taken as one after the
     * other, the CPU copy at half the calibrated per-thread memory rate (that rate counts each byte read and written)
     * adds to {@link #seconds}. A unified memory copies nothing.
     */
    public static double pageableSeconds(Workload w, Calibration c, double bytes, double syncs) {
        double staging = w.platform().gpu().link().unified() ? 0 : bytes / (c.cpuThreadBytesPerSecond() / 2);
        return seconds(w, c, bytes, syncs) + staging;
    }
}
