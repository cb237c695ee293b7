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
}
