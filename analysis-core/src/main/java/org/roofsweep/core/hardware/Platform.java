package org.roofsweep.core.hardware;

/**
 * One machine: a GPU, its host CPU, and the host memory installed (capacity and the bandwidth it actually reaches,
 * which can be below the CPU's rating). The bandwidth is the CPU's effective figure ({@link HostBandwidth}) unless the
 * platform file states its own measurement, or a sweep's {@code host_bandwidth_gb_s} axis or the CLI's
 * {@code --host-bandwidth-gb-s} overrides it ({@link #withHostBandwidth}).
 */
public record Platform(String key, Gpu gpu, Cpu cpu, double hostMemoryBytes, double hostBandwidthBytesPerSecond) implements java.io.Serializable {
    /** The bounds of a host bandwidth a platform file, sweep or option states, GB/s (5000: beyond any DRAM host). */
    public static final double MIN_HOST_BANDWIDTH_GB_S = 1;
    public static final double MAX_HOST_BANDWIDTH_GB_S = 5000;
    /** Those bounds as the errors state them: "[1, 5000] GB/s". */
    public static final String HOST_BANDWIDTH_RANGE = String.format(java.util.Locale.ROOT, "[%.0f, %.0f] GB/s",
            MIN_HOST_BANDWIDTH_GB_S, MAX_HOST_BANDWIDTH_GB_S);

    /** The bounds of a host memory capacity a CPU, platform or sweep states, GiB (64 Ti: beyond any host). */
    public static final double MIN_HOST_MEMORY_GIB = 1;
    public static final double MAX_HOST_MEMORY_GIB = 65_536;
    /** The bounds of an installed DRAM speed a CPU or platform file states, MT/s. */
    public static final double MIN_MEMORY_SPEED_MT_S = 100;
    public static final double MAX_MEMORY_SPEED_MT_S = 20_000;

    /** Whether {@code gbPerSecond} lies within the bounds (NaN does not). */
    public static boolean isHostBandwidthGbS(double gbPerSecond) {
        return gbPerSecond >= MIN_HOST_BANDWIDTH_GB_S && gbPerSecond <= MAX_HOST_BANDWIDTH_GB_S;
    }

    /** A platform pairing a GPU with a CPU at the CPU's effective memory bandwidth and the given host memory. */
    public static Platform of(Gpu gpu, Cpu cpu, double hostMemoryBytes) {
        return new Platform(gpu.key() + "+" + cpu.key(), gpu, cpu, hostMemoryBytes,
                cpu.effectiveBandwidthBytesPerSecond());
    }

    public Platform withHostMemory(double bytes) {
        return new Platform(key, gpu, cpu, bytes, hostBandwidthBytesPerSecond);
    }

    /** This machine with its host memory streaming at {@code bytesPerSecond} (a sweep's or a user's override). */
    public Platform withHostBandwidth(double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("host bandwidth must be positive, found " + bytesPerSecond);
        }
        return new Platform(key, gpu, cpu, hostMemoryBytes, bytesPerSecond);
    }

    public Platform withGpu(Gpu other) {
        return new Platform(key, other, cpu, hostMemoryBytes, hostBandwidthBytesPerSecond);
    }
}
