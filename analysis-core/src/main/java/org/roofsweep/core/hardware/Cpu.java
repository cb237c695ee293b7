package org.roofsweep.core.hardware;

import java.util.Map;

/**
 * A host CPU. {@code bandwidthBytesPerSecond} is the rated DRAM bandwidth (channels x 8 bytes x MT/s); a
 * {@link Platform} may install slower memory. {@code measuredBandwidthBytesPerSecond} is the CPU's own STREAM-like
 * measurement at {@code measuredAtMtPerSecond} (NaN: none); {@code effectiveBandwidthBytesPerSecond} what streaming
 * reads reach, set by {@link HostBandwidth} with its {@code bandwidthBasis}. Peaks are FLOP/s (INT8 in OP/s).
 * {@code performanceCores} are the cores of the faster kind on a hybrid part (Intel's P-cores; every core elsewhere),
 * which reach {@code performanceFp32FlopsPerSecond} of the FP32 peak together. {@code runThreads} is the thread count a
 * run uses: llama.cpp's default unless a run states its {@code -t} ({@link #onThreads}). That default is
 * common_cpu_get_num_math() (common/common.cpp, ggml-org/llama.cpp at 00758e0): on x86-64 Linux a hybrid CPU (CPUID
 * leaf 7, EDX bit 15) counts the logical CPUs that are not efficiency cores (CPUID leaf 0x1A core type 0x20, "efficiency
 * cores harm lockstep threading") and skips each one's hyper-thread sibling, so one thread per P-core; every other CPU
 * takes common_cpu_get_num_physical_cores(), one thread per physical core (Windows builds count every physical core,
 * P and E, so a Windows run on a hybrid part states its threads).
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
        int performanceCores,
        double performanceFp32FlopsPerSecond,
        double measuredBandwidthBytesPerSecond,
        double measuredAtMtPerSecond,
        double effectiveBandwidthBytesPerSecond,
        String bandwidthBasis,
        int runThreads,
        Map<String, String> sources) implements java.io.Serializable {

    public Cpu {
        if (runThreads < 1) {
            throw new IllegalArgumentException("CPU " + key + ": a run needs at least 1 thread, found " + runThreads);
        }
        if (performanceCores < 1 || performanceCores > cores) {
            throw new IllegalArgumentException("CPU " + key + ": performance cores must lie in [1, cores = " + cores
                    + "], found " + performanceCores);
        }
        sources = Map.copyOf(sources);
    }

    /** llama.cpp's default threads on this CPU: one per P-core on a hybrid part, else one per physical core. */
    public int defaultThreads() {
        return performanceCores;
    }

    /** A hybrid part: cores of two kinds (Intel's P- and E-cores). */
    public boolean hybrid() {
        return performanceCores < cores;
    }

    /**
     * The share of the CPU's peaks that {@code runThreads} threads compute on: min(threads, cores) cores, the
     * P-cores first on a hybrid part (the OS schedules busy threads there first), each P-core at
     * performanceFp32 / P and each E-core at (fp32 - performanceFp32) / E.
     */
    public double computeShare() {
        int busy = Math.min(runThreads, cores);
        if (!hybrid()) {
            return busy / (double) cores;
        }
        double pRate = performanceFp32FlopsPerSecond / performanceCores;
        double eRate = (fp32FlopsPerSecond - performanceFp32FlopsPerSecond) / (cores - performanceCores);
        int p = Math.min(busy, performanceCores);
        return (p * pRate + (busy - p) * eRate) / fp32FlopsPerSecond;
    }

    /** This CPU with its effective host bandwidth and where the figure comes from. */
    public Cpu withEffectiveBandwidth(double bytesPerSecond, String basis) {
        return new Cpu(key, name, vendor, architecture, cores, threads, memoryType, memoryChannels,
                memorySpeedMtPerSecond, bandwidthBytesPerSecond, maxMemoryBytes, vectorIsa, fp32FlopsPerSecond,
                fp16FlopsPerSecond, int8OpsPerSecond, tdpWatts, performanceCores, performanceFp32FlopsPerSecond,
                measuredBandwidthBytesPerSecond, measuredAtMtPerSecond, bytesPerSecond, basis, runThreads, sources);
    }

    /**
     * This CPU as a run on {@code runThreads} threads sees it: compute on the {@link #computeShare} of its peaks, and
     * streaming bandwidth up to {@code threadBytesPerSecond} per thread below the socket's effective figure (one core's
     * line-fill buffers cap what it alone can have in flight). The peaks stay the whole part's.
     */
    public Cpu onThreads(int runThreads, double threadBytesPerSecond) {
        double bandwidth = Math.min(effectiveBandwidthBytesPerSecond, runThreads * threadBytesPerSecond);
        return new Cpu(key, name, vendor, architecture, cores, threads, memoryType, memoryChannels,
                memorySpeedMtPerSecond, bandwidthBytesPerSecond, maxMemoryBytes, vectorIsa, fp32FlopsPerSecond,
                fp16FlopsPerSecond, int8OpsPerSecond, tdpWatts, performanceCores, performanceFp32FlopsPerSecond,
                measuredBandwidthBytesPerSecond, measuredAtMtPerSecond, bandwidth, bandwidthBasis, runThreads, sources);
    }

    /**
     * The effective bandwidth with memory installed at {@code mtPerSecond} (proportional at fixed channels). Registered
     * DIMMs run at most at the CPU's rated speed: server platforms do not overclock memory, so faster-rated RDIMMs
     * (DDR5-5600 modules in a DDR5-4800 EPYC 9004) run at the rating; client DIMMs may run above it (XMP/EXPO).
     */
    public double effectiveBandwidthAt(double mtPerSecond) {
        double speed = registeredMemory() ? Math.min(mtPerSecond, memorySpeedMtPerSecond) : mtPerSecond;
        return effectiveBandwidthBytesPerSecond * speed / memorySpeedMtPerSecond;
    }

    /** Registered (server) memory: the catalog's memory type names RDIMMs. */
    public boolean registeredMemory() {
        return memoryType.toUpperCase(java.util.Locale.ROOT).contains("RDIMM");
    }

    /**
     * CPU matrix kernels (llama.cpp) compute quantized dot products in INT8 and FP16 weights via FP32 FMA: every
     * quantized format (Q8_0 at 8.5 bits included) quantizes the activations to 8 bits and takes the integer dot
     * product (ggml's vec_dot_type of each format is Q8_0, Q8_1 or Q8_K) on the vector units. That rate is at most
     * {@link #VECTOR_INT8_PER_FP32} times the FP32 rate (VNNI's VPDPBUSD: four u8 x s8 multiply-adds per 32-bit lane
     * on the FMA ports; without VNNI the catalog's int8 figure is already 2x); the AMX tile rate that a Sapphire
     * Rapids entry lists as its int8 peak is not what these kernels run at: llama.cpp's AMX path covers a few types
     * in builds that enable it, and an AMX-enabled build's Q4_K_M pp512 on a Xeon Platinum 8480 (228 tok/s,
     * configs/measurements/measured-extra.csv) is 3.7 TOPS, 1.6% of the 229 TOPS tile peak and 12.8% of the vector
     * rate, as other CPUs reach of theirs. The peak is the run's {@link #computeShare} of the part's.
     */
    public double peakFor(org.roofsweep.core.model.Precision p) {
        if (p.weightBits() < 16 && !Double.isNaN(int8OpsPerSecond)) {
            return Math.min(int8OpsPerSecond, VECTOR_INT8_PER_FP32 * fp32FlopsPerSecond) * computeShare();
        }
        return fp32FlopsPerSecond * computeShare();
    }

    /** INT8 ops per FP32 FLOP on a core's vector units at most (VNNI: 4 byte products per 32-bit lane). */
    public static final double VECTOR_INT8_PER_FP32 = 4;

    /**
     * The dot-product rate of {@link #peakFor}'s quantized path over the FP32 rate: 4 with VNNI (VPDPBUSD), 2 on AVX2
     * without it (VPMADDUBSW then VPMADDWD), 1 where the catalog states no INT8 figure.
     */
    public double int8OverFp32() {
        return Double.isNaN(int8OpsPerSecond) ? 1
                : Math.min(int8OpsPerSecond, VECTOR_INT8_PER_FP32 * fp32FlopsPerSecond) / fp32FlopsPerSecond;
    }
}
