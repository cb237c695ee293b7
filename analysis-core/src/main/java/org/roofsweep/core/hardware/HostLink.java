package org.roofsweep.core.hardware;

/**
 * How a GPU reaches host memory. For {@link Kind#UNIFIED} parts (Apple silicon, Jetson, GB10) CPU and GPU share one
 * DRAM: "offloading" moves no weights and a hand-off costs no transfer, only a synchronisation.
 */
public record HostLink(Kind kind, int generation, int lanes, double bytesPerSecond) implements java.io.Serializable {
    public enum Kind { PCIE, UNIFIED, NVLINK_C2C }

    public boolean unified() {
        return kind == Kind.UNIFIED;
    }
}
