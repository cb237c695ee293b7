package org.roofsweep.core.hardware;

import org.roofsweep.core.model.Precision;

/**
 * What real kernels reach of a device's data sheet, per kernel path: {@code memory} of the bandwidth in the
 * matrix-vector products of decode (streaming weights and KV cache), {@code compute} of the float peak in F16 matrix
 * products, {@code quantizedCompute} of the {@code quantizedPath}'s peak in matrix products over quantized weights,
 * and a fixed {@code layerOverheadSeconds} per layer per forward pass (the kernel launches of one layer as the backend
 * issues them, which dominate small models on fast GPUs). {@code joulesPerFlop} is the energy of one F16 matrix FLOP
 * at the board's power limit: a GEMM that would draw more than the TDP at boost clock runs at a lower clock, so its
 * time per FLOP is the sum of the two bottlenecks, 1 / (peak x compute) + joulesPerFlop / TDP (0: no power limit,
 * or a device whose TDP is unknown). {@code streamCap}, where it caps, bounds the bandwidth the GPU's cores can
 * stream ({@link StreamCap}: bytes per FP32 FLOP or GB/s per compute unit; {@link #streamingBytesPerSecond}).
 * {@code vectorOpsPerInt8Op} is the vector work of the int8 path's kernels: where the int8 dot products run on matrix
 * units, unpacking the quantized weights and applying their scales still runs on the FP32 vector units, so an int8 op
 * costs 1 / (int8 peak x quantizedCompute) + vectorOpsPerInt8Op / FP32 peak (0: the int8 rate alone bounds it).
 * {@code vectorCompute}, where above 0, is the float path's efficiency where it falls back to the vector units
 * ({@link #pathOn}, and cards whose matrix units a backend leaves unused): the same shaders' scalar variants, another
 * kernel than the cooperative-matrix one {@code quantizedCompute} measures (0: the fallback runs at
 * {@code quantizedCompute}, as Metal's simdgroup matrices, which run at the vector rate on every Apple GPU).
 * {@code launchClockHz}, where stated, is the boost clock at which {@code layerOverheadSeconds} (and a captured
 * step's launch) holds: the launches' work on the GPU (the front end taking each kernel, its blocks' ramp and tail,
 * the bubble between dependent kernels) counts the card's clock cycles, so a card of another stated boost clock pays
 * the figure times launchClockHz / its clock ({@link #launchScale}); NaN: every card pays the figure as it is, as a
 * card that states no clock does.
 */
public record Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
        QuantizedPath quantizedPath, double joulesPerFlop, StreamCap streamCap, double vectorOpsPerInt8Op,
        double vectorCompute, double launchClockHz)
        implements java.io.Serializable {

    /** How a backend multiplies 16-bit activations by quantized weights in prompt processing. */
    public enum QuantizedPath {
        /**
         * Activations quantized to int8 and int8 dot products: tensor-core int8 where the card has it, dp4a
         * otherwise (llama.cpp CUDA MMQ); the catalog's int8 figure is the rate of whichever the card runs.
         */
        INT8,
        /** Weights dequantized to F16 and the float matrix path (Metal simdgroup matrices, CPU). */
        FLOAT,
        /** Dot products on the FP32 vector units, no matrix cores (shader kernels of backends without MMA). */
        VECTOR,
        /**
         * Weights dequantized to an F16 copy once per physical batch, then the F16 GEMM at the F16 efficiency
         * ({@code compute}; llama.cpp CUDA's cuBLAS path): the copy costs reading the quantized weights and writing
         * 2 bytes per weight at the decode bandwidth, amortised over the {@link #DEQUANT_BATCH_TOKENS} tokens of
         * the batch.
         */
        DEQUANT_F16;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Tokens one dequantized F16 copy of the weights serves: llama.cpp's physical batch (n_ubatch = 512, common.h),
     * the chunk a long prompt's matrix products run in.
     */
    public static final double DEQUANT_BATCH_TOKENS = 512;

    public Efficiency {
        if (!(memory > 0 && memory <= 1) || !(compute > 0 && compute <= 1)
                || !(quantizedCompute > 0 && quantizedCompute <= 1) || !(vectorCompute >= 0 && vectorCompute <= 1)) {
            throw new IllegalArgumentException("efficiencies must lie in (0, 1]: " + memory + ", " + compute + ", "
                    + quantizedCompute + ", " + vectorCompute);
        }
        if (!(layerOverheadSeconds >= 0) || !(joulesPerFlop >= 0 && joulesPerFlop < Double.POSITIVE_INFINITY)
                || !(vectorOpsPerInt8Op >= 0 && vectorOpsPerInt8Op < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("layer overhead, energy per FLOP and vector ops per int8 op must be "
                    + "finite and >= 0: " + layerOverheadSeconds + ", " + joulesPerFlop + ", " + vectorOpsPerInt8Op);
        }
        if (streamCap == null) {
            throw new IllegalArgumentException("no streaming cap is StreamCap.NONE, not null");
        }
        if (!(Double.isNaN(launchClockHz) || launchClockHz > 0 && launchClockHz < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a launch clock is NaN (none) or above 0 Hz: " + launchClockHz);
        }
    }

    /**
     * Efficiencies whose launch figure every card pays as it is (no launch clock): a figure already at one card's
     * clock ({@link #onClockOf}), the CPU's, or a test's.
     */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath, double joulesPerFlop, StreamCap streamCap, double vectorOpsPerInt8Op,
            double vectorCompute) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, joulesPerFlop, streamCap,
                vectorOpsPerInt8Op, vectorCompute, Double.NaN);
    }

    /**
     * How much of the launch figure {@code gpu} pays: launchClockHz / its boost clock where both are stated, else 1 (a
     * card whose file states no clock pays the figure as the launch clock's card does; every catalog card of a backend
     * with a launch clock states its clock, CatalogTest).
     */
    public double launchScale(Gpu gpu) {
        return Double.isNaN(launchClockHz) || !gpu.cores().clockKnown() ? 1
                : launchClockHz / gpu.cores().boostClockHz();
    }

    /** This efficiency as {@code gpu} runs it: its launch figure at the card's clock, no launch clock left. */
    public Efficiency onClockOf(Gpu gpu) {
        return new Efficiency(memory, compute, layerOverheadSeconds * launchScale(gpu), quantizedCompute,
                quantizedPath, joulesPerFlop, streamCap, vectorOpsPerInt8Op, vectorCompute, Double.NaN);
    }

    /**
     * Efficiencies whose cores' cap, where above 0, counts bytes per FLOP of the FP32 peak ({@link StreamCap.Basis});
     * 0 declares none.
     */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath, double joulesPerFlop, double streamBytesPerFlop, double vectorOpsPerInt8Op,
            double vectorCompute) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, joulesPerFlop,
                streamBytesPerFlop > 0 ? new StreamCap(streamBytesPerFlop, StreamCap.Basis.FP32_FLOP) : StreamCap.NONE,
                vectorOpsPerInt8Op, vectorCompute);
    }

    /** Efficiencies whose float path's vector fallback runs at the quantized path's own efficiency. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath, double joulesPerFlop, double streamBytesPerFlop, double vectorOpsPerInt8Op) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, joulesPerFlop, streamBytesPerFlop,
                vectorOpsPerInt8Op, 0);
    }

    /** Efficiencies whose int8 path is bounded by the int8 rate alone. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath, double joulesPerFlop, double streamBytesPerFlop) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, joulesPerFlop, streamBytesPerFlop,
                0);
    }

    /** Efficiencies whose bandwidth no core-side streaming limit caps. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath, double joulesPerFlop) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, joulesPerFlop, 0);
    }

    /**
     * The bandwidth kernels stream on {@code gpu}: the {@link #memory} fraction of its data-sheet bandwidth, capped
     * by what its cores keep in flight ({@link StreamCap#bytesPerSecond}) where the backend has a cap and the card
     * states its basis.
     */
    public double streamingBytesPerSecond(Gpu gpu) {
        return Math.min(gpu.bandwidthBytesPerSecond() * memory, streamCap.bytesPerSecond(gpu));
    }

    /** Efficiencies with no power limit on the F16 matrix path. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds, double quantizedCompute,
            QuantizedPath quantizedPath) {
        this(memory, compute, layerOverheadSeconds, quantizedCompute, quantizedPath, 0);
    }

    /** One efficiency for every matrix product: quantized weights take the float path at the F16 efficiency. */
    public Efficiency(double memory, double compute, double layerOverheadSeconds) {
        this(memory, compute, layerOverheadSeconds, compute, QuantizedPath.FLOAT, 0);
    }

    /**
     * Attainable FLOP/s of matrix products at this precision on a device streaming {@code bytesPerSecond} (already
     * derated by {@link #memory}) under a board power of {@code tdpWatts} (NaN: unknown): weight-only quantized
     * formats (fewer than 16 weight bits, 16-bit activations) run the quantized path as {@link #pathOn} resolves it
     * for the device, everything else {@link PeakThroughput#forPrecision} at {@link #floatFraction}.
     */
    public double flopsPerSecond(PeakThroughput peak, double bytesPerSecond, double tdpWatts, Precision p) {
        if (!quantized(p)) {
            return peak.forPrecision(p) * floatFraction(peak.forPrecision(p), tdpWatts);
        }
        return switch (pathOn(peak)) {
            case INT8 -> int8OpsPerSecond(peak);
            case FLOAT -> peak.forPrecision(p) * floatPathFraction(peak.forPrecision(p), tdpWatts);
            case VECTOR -> (Double.isNaN(peak.fp32()) ? peak.forPrecision(p) : peak.fp32()) * vectorFallback();
            case DEQUANT_F16 -> {
                // per weight: 2 x tokens FLOPs at the F16 rate, plus (bits / 8 + 2) bytes of the copy per batch
                double f16 = peak.forPrecision(Precision.FP16);
                double gemmSecondsPerFlop = 1 / (f16 * floatFraction(f16, tdpWatts));
                double copySecondsPerFlop = (p.weightBits() / 8 + Precision.FP16.weightBytes())
                        / (2 * DEQUANT_BATCH_TOKENS * bytesPerSecond);
                yield 1 / (gemmSecondsPerFlop + copySecondsPerFlop);
            }
        };
    }

    /** The int8 path's rate: its dot products at the int8 peak in series with its vector work at the FP32 peak. */
    private double int8OpsPerSecond(PeakThroughput peak) {
        double dot = peak.int8() * quantizedCompute;
        if (vectorOpsPerInt8Op == 0 || Double.isNaN(peak.fp32())) {
            return dot;
        }
        return 1 / (1 / dot + vectorOpsPerInt8Op / peak.fp32());
    }

    /**
     * The fraction of a float matrix peak of {@code peakFlopsPerSecond} that GEMMs sustain on a board of
     * {@code tdpWatts}: 1 / (1 / compute + joulesPerFlop x peak / TDP); {@code compute} where the TDP is unknown.
     */
    public double floatFraction(double peakFlopsPerSecond, double tdpWatts) {
        return underPowerLimit(compute, peakFlopsPerSecond, tdpWatts);
    }

    /**
     * The fraction of the matrix peak {@code peakFlopsPerSecond} that the float path's products over quantized weights
     * sustain on a board of {@code tdpWatts}: the shader dequantizes the weights into F16 tiles and multiplies them on
     * the F16 matrix units (Vulkan's cooperative matrices), a GEMM on the units {@link #joulesPerFlop} prices, so the
     * board power limit binds as for the F16 GEMM, 1 / (1 / quantizedCompute + joulesPerFlop x peak / TDP);
     * {@code quantizedCompute} where the TDP is unknown or the backend states no energy per FLOP (Metal).
     */
    public double floatPathFraction(double peakFlopsPerSecond, double tdpWatts) {
        return underPowerLimit(quantizedCompute, peakFlopsPerSecond, tdpWatts);
    }

    /** 1 / (1 / efficiency + joulesPerFlop x peak / TDP): the kernel's own bound and the board's power in series. */
    private double underPowerLimit(double efficiency, double peakFlopsPerSecond, double tdpWatts) {
        if (!(tdpWatts > 0) || joulesPerFlop == 0) {
            return efficiency;
        }
        return 1 / (1 / efficiency + joulesPerFlop * peakFlopsPerSecond / tdpWatts);
    }

    /** The efficiency of quantized products on the vector units: {@link #vectorCompute} where stated. */
    public double vectorFallback() {
        return vectorCompute > 0 ? vectorCompute : quantizedCompute;
    }

    /** Weight-only quantized: fewer than 16 weight bits and 16-bit activations. */
    public static boolean quantized(Precision p) {
        return p.weightBits() < 16 && p.activationBits() >= 16;
    }

    /**
     * Whether a prompt over weights of {@code p} runs at the F16 matrix figure ({@code compute}, a backend's
     * {@code f16_gemm}) under this efficiency on a device with these peaks: weights that are not weight-only quantized
     * ({@link #quantized}: F16/BF16; W8A8, whose products take the INT8 peak at that efficiency,
     * {@link PeakThroughput#forPrecision}), and quantized weights copied to F16 for the GEMM
     * ({@link QuantizedPath#DEQUANT_F16} as {@link #pathOn} resolves it). The points' {@code calibration} status reads
     * it; validation's {@code matmul_path} makes the same split ({@link #quantized}, then {@link #pathOn}) but keeps
     * the copy's own label, which the fits read with the row's build date ({@code PromptRows.copiedToday}).
     */
    public boolean promptOnF16Gemm(Precision p, PeakThroughput peak) {
        return !quantized(p) || pathOn(peak) == QuantizedPath.DEQUANT_F16;
    }

    /**
     * The path quantized weights take on a device with these peaks: {@link #quantizedPath}, except that the int8
     * path falls back to dequantizing to F16 where the device's int8 rate is unknown or below its F16 matrix rate
     * (llama.cpp's ggml_cuda_should_use_mmq since PR #8075: cuBLAS on V100 and others without int8 tensor cores);
     * the F16 copy runs MMQ on a card without F16 matrix units, and the float path the FP32 vector units there
     * (matrix units: an F16 rate above the 2x FP32 of packed half2 math).
     */
    public QuantizedPath pathOn(PeakThroughput peak) {
        boolean int8Slower = Double.isNaN(peak.int8()) || peak.int8() < peak.forPrecision(Precision.FP16);
        if (quantizedPath == QuantizedPath.INT8 && int8Slower) {
            return QuantizedPath.DEQUANT_F16;
        }
        // the F16 copy pays only on F16 matrix units (tensor cores: above the 2x FP32 rate of packed half2 math);
        // builds that copied on those ran MMQ (dp4a) on cards without them (P40)
        boolean f16Units = peak.forPrecision(Precision.FP16) > 2 * peak.fp32();
        if (quantizedPath == QuantizedPath.DEQUANT_F16 && !f16Units && !Double.isNaN(peak.int8())) {
            return QuantizedPath.INT8;
        }
        // shader kernels that dequantize into cooperative-matrix tiles (Vulkan's coopmat) need those units; a card
        // without them runs the same kernels on its FP32 vector units
        if (quantizedPath == QuantizedPath.FLOAT && !f16Units && !Double.isNaN(peak.fp32())) {
            return QuantizedPath.VECTOR;
        }
        return quantizedPath;
    }

    /**
     * A copy with another generation's decode kernels: their memory efficiency and fixed cost per layer. Where the
     * cores cap the stream ({@link #streamCap}), the cap moves by the same ratio as the memory efficiency: a
     * rewrite of the matrix-vector kernels (SYCL's reordered blocks, read with coalesced loads) changes how many bytes
     * each core's loads in flight carry, which is what both bounds measure, so the generation streams at
     * {@code decodeMemory / memory} of whichever binds.
     */
    public Efficiency withDecode(double decodeMemory, double decodeLayerOverheadSeconds) {
        return new Efficiency(decodeMemory, compute, decodeLayerOverheadSeconds, quantizedCompute, quantizedPath,
                joulesPerFlop, streamCap.scaled(decodeMemory / memory), vectorOpsPerInt8Op, vectorCompute,
                launchClockHz);
    }

    /** A copy whose quantized weights take another path, at the same efficiencies. */
    public Efficiency withQuantizedPath(QuantizedPath path) {
        return new Efficiency(memory, compute, layerOverheadSeconds, quantizedCompute, path, joulesPerFlop,
                streamCap, vectorOpsPerInt8Op, vectorCompute, launchClockHz);
    }
}
