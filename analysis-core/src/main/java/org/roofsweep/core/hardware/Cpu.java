package org.roofsweep.core.hardware;

import java.util.Map;

/**
 * A host CPU. {@code bandwidthBytesPerSecond} is the rated DRAM bandwidth (channels x 8 bytes x MT/s); a
 * {@link Platform} may install slower memory. {@code measuredBandwidthBytesPerSecond} is the CPU's own STREAM-like
 * measurement at {@code measuredAtMtPerSecond} (NaN: none); {@code effectiveBandwidthBytesPerSecond} what streaming
 * reads reach, set by {@link HostBandwidth} with its {@code bandwidthBasis}. Peaks are FLOP/s (INT8 in OP/s).
 */
public record Cpu(
        String key,
        String name,
        String vendor,
        String architecture,
        int cores,
        int threads,
        String memoryType,
        int memoryChannels,
        double memorySpeedMtPerSecond,
        double bandwidthBytesPerSecond,
        double maxMemoryBytes,
        String vectorIsa,
        double fp32FlopsPerSecond,
        double fp16FlopsPerSecond,
        double int8OpsPerSecond,
        double tdpWatts,
        double measuredBandwidthBytesPerSecond,
        double measuredAtMtPerSecond,
        double effectiveBandwidthBytesPerSecond,
        String bandwidthBasis,
        Map<String, String> sources) implements java.io.Serializable {

    public Cpu {
        sources = Map.copyOf(sources);
    }

    /** This CPU with its effective host bandwidth and where the figure comes from. */
    public Cpu withEffectiveBandwidth(double bytesPerSecond, String basis) {
        return new Cpu(key, name, vendor, architecture, cores, threads, memoryType, memoryChannels,
                memorySpeedMtPerSecond, bandwidthBytesPerSecond, maxMemoryBytes, vectorIsa, fp32FlopsPerSecond,
                fp16FlopsPerSecond, int8OpsPerSecond, tdpWatts, measuredBandwidthBytesPerSecond, measuredAtMtPerSecond,
                bytesPerSecond, basis, sources);
    }

    /**
     * This CPU as a run on {@code runThreads} threads sees it: compute on min(threads, cores) of its cores, and
     * streaming bandwidth up to {@code threadBytesPerSecond} per thread below the socket's effective figure (one core's
     * line-fill buffers cap what it alone can have in flight).
     */
    public Cpu onThreads(int runThreads, double threadBytesPerSecond) {
        double share = Math.min(runThreads, cores) / (double) cores;
        double bandwidth = Math.min(effectiveBandwidthBytesPerSecond, runThreads * threadBytesPerSecond);
        return new Cpu(key, name, vendor, architecture, cores, threads, memoryType, memoryChannels,
                memorySpeedMtPerSecond, bandwidthBytesPerSecond, maxMemoryBytes, vectorIsa, fp32FlopsPerSecond * share,
                fp16FlopsPerSecond * share, int8OpsPerSecond * share, tdpWatts, measuredBandwidthBytesPerSecond,
                measuredAtMtPerSecond, bandwidth, bandwidthBasis, sources);
    }

    /** The effective bandwidth with memory installed at {@code mtPerSecond} (proportional at fixed channels). */
    public double effectiveBandwidthAt(double mtPerSecond) {
        return effectiveBandwidthBytesPerSecond * mtPerSecond / memorySpeedMtPerSecond;
    }

    /**
     * CPU matrix kernels (llama.cpp) compute quantized dot products in INT8 and FP16 weights via FP32 FMA: every
     * quantized format (Q8_0 at 8.5 bits included) quantizes the activations to 8 bits and takes the integer dot
     * product (ggml's vec_dot_type of each format is Q8_0, Q8_1 or Q8_K).
     */
    public double peakFor(org.roofsweep.core.model.Precision p) {
        if (p.weightBits() < 16 && !Double.isNaN(int8OpsPerSecond)) {
            return int8OpsPerSecond;
        }
        return fp32FlopsPerSecond;
    }
}
