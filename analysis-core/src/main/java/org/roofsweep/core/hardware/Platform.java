package org.roofsweep.core.hardware;

/**
 * One machine: a GPU, its host CPU, and the host memory installed (capacity and the bandwidth it actually reaches,
 * which can be below the CPU's rating).
 */
public record Platform(String key, Gpu gpu, Cpu cpu, double hostMemoryBytes, double hostBandwidthBytesPerSecond) implements java.io.Serializable {

    /** A platform pairing a GPU with a CPU at the CPU's effective memory bandwidth and the given host memory. */
    public static Platform of(Gpu gpu, Cpu cpu, double hostMemoryBytes) {
        return new Platform(gpu.key() + "+" + cpu.key(), gpu, cpu, hostMemoryBytes,
                cpu.effectiveBandwidthBytesPerSecond());
    }

    public Platform withHostMemory(double bytes) {
        return new Platform(key, gpu, cpu, bytes, hostBandwidthBytesPerSecond);
    }

    public Platform withGpu(Gpu other) {
        return new Platform(key, other, cpu, hostMemoryBytes, hostBandwidthBytesPerSecond);
    }
}
