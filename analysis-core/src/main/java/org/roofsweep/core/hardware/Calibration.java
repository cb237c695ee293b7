package org.roofsweep.core.hardware;

import java.util.EnumMap;
import java.util.Map;
import org.roofsweep.core.model.Precision;

/**
 * Everything the cost models take besides the data sheets: efficiencies per runtime backend and kernel path, a GPU
 * family's deviation where its data demand one, one efficiency set for host CPUs with the memory bandwidth one CPU
 * thread streams ({@code cpuThreadBytesPerSecond}: a run on few threads reaches at most that many times it), and
 * runtime constants; and each backend's vision path (the CPU's among them), how its CLIP/mtmd graph runs a vision
 * tower. {@code cpu}'s quantized compute is that of the CPU's generic vec_dot kernel; {@code cpuGemmCompute} that of
 * its integer matrix kernels ({@link CpuMatmulPath#GEMM}, {@link #cpuFor}); {@code cpuEngines} other engines' CPU
 * prompt kernels; {@code cpuExpertSeconds} the CPU's fixed cost of each expert matrix a MUL_MAT_ID multiplies in a
 * pass ({@link org.roofsweep.core.roofline.ExecutionUnit#hostCpuOf}). Loaded from {@code configs/calibration.json}.
 */
public record Calibration(Map<Backend, BackendCalibration> backends, Map<String, FamilyDeviation> deviations,
        Efficiency cpu, double cpuThreadBytesPerSecond, RuntimeConstants runtime, Map<Backend, VisionPath> vision,
        Map<String, EngineCalibration> engines, double cpuGemmCompute, Map<String, CpuEngine> cpuEngines,
        double cpuExpertSeconds) implements java.io.Serializable {
    public Calibration {
        backends = Map.copyOf(backends);
        deviations = Map.copyOf(deviations);
        vision = Map.copyOf(vision);
        engines = Map.copyOf(engines);
        cpuEngines = Map.copyOf(cpuEngines);
    }

    /** A calibration whose CPU prompt kernels are mainline llama.cpp's alone (no other CPU engine known). */
    public Calibration(Map<Backend, BackendCalibration> backends, Map<String, FamilyDeviation> deviations,
            Efficiency cpu, double cpuThreadBytesPerSecond, RuntimeConstants runtime, Map<Backend, VisionPath> vision,
            Map<String, EngineCalibration> engines, double cpuGemmCompute) {
        this(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, vision, engines, cpuGemmCompute, Map.of(),
                0);
    }

    /**
     * A calibration of llama.cpp alone, no other engine and no vision path known; the CPU's matrix kernels at its
     * vec_dot efficiency.
     */
    public Calibration(Map<Backend, BackendCalibration> backends, Map<String, FamilyDeviation> deviations,
            Efficiency cpu, double cpuThreadBytesPerSecond, RuntimeConstants runtime) {
        this(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, Map.of(), Map.of(),
                cpu == null ? Double.NaN : cpu.quantizedCompute());
    }

    /**
     * The host CPU's efficiencies for weights in {@code p}: {@link #cpu} with, for a format on the CPU's integer
     * matrix kernels ({@link CpuMatmulPath#GEMM}), those kernels' compute efficiency in place of vec_dot's.
     */
    public Efficiency cpuFor(org.roofsweep.core.model.Precision p) {
        if (CpuMatmulPath.of(p) != CpuMatmulPath.GEMM) {
            return cpu;
        }
        return new Efficiency(cpu.memory(), cpu.compute(), cpu.layerOverheadSeconds(), cpuGemmCompute,
                cpu.quantizedPath(), cpu.joulesPerFlop(), cpu.streamCap(), cpu.vectorOpsPerInt8Op(), 0);
    }

    /**
     * The engine a measurement's framework text names (the longest of the engines' names it holds as a word), empty
     * for llama.cpp builds (the runtime the backends are) and texts naming no known engine.
     */
    public java.util.Optional<EngineCalibration> engine(String framework) {
        EngineCalibration best = null;
        int length = 0;
        for (EngineCalibration e : engines.values()) {
            int n = e.matchLength(framework);
            if (n > length || n == length && n > 0 && e.key().compareTo(best.key()) < 0) {
                best = e;
                length = n;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * This calibration as an engine runs it: every backend's decode kernels are the engine's, and so are its launches
     * (no llama.cpp graph capture: {@link GraphCapture}).
     */
    public Calibration forEngine(EngineCalibration e) {
        Map<Backend, BackendCalibration> all = new EnumMap<>(Backend.class);
        backends.forEach((k, b) -> all.put(k,
                b.with(e.over(b.efficiency()), b.status()).withGraphs(GraphCapture.NONE)));
        return new Calibration(all, deviations, cpu, cpuThreadBytesPerSecond, runtime, vision, engines, cpuGemmCompute,
                cpuEngines, cpuExpertSeconds);
    }

    /** This calibration as a build that launches every kernel of a decode step (no backend captures a graph). */
    public Calibration withoutGraphCapture() {
        Map<Backend, BackendCalibration> all = new EnumMap<>(Backend.class);
        backends.forEach((k, b) -> all.put(k, b.withGraphs(GraphCapture.NONE)));
        return with(all, deviations);
    }

    /** A copy with other engine figures (a fit). */
    public Calibration withEngines(Map<String, EngineCalibration> fitted) {
        return new Calibration(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, vision, fitted,
                cpuGemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /** The efficiency of a GPU under its vendor's default backend; a catalog load has checked that one exists. */
    public Efficiency gpu(Gpu gpu) {
        return gpu(gpu, Backend.forVendor(gpu.vendor()));
    }

    /**
     * The efficiency of a GPU under its vendor's default backend for a prompt over weights of {@code p} in micro-batches
     * of {@code rows} tokens: {@link #gpu(Gpu)}, with the quantized products on the F16 copy where llama.cpp's HIP build
     * sends them to hipBLAS ({@link HipBlasPrompts}).
     */
    public Efficiency gpu(Gpu gpu, Precision p, double rows) {
        Efficiency e = gpu(gpu);
        return HipBlasPrompts.taken(Backend.forVendor(gpu.vendor()), gpu, p, rows)
                ? e.withQuantizedPath(Efficiency.QuantizedPath.DEQUANT_F16) : e;
    }

    /**
     * The efficiency of a GPU under a backend, its launch figure at the card's clock ({@link Efficiency#onClockOf}):
     * the backend's, times the family's deviation (capped at 1), whose memory
     * factor scales the cores' streaming cap too ({@link Efficiency#streamCap}): a family's matrix-vector
     * kernels stream at that factor of whichever bound binds, the bus or the cores' loads in flight; quantized
     * weights on the float path take the vector units where the card's matrix instructions run no faster than its
     * vectors or the backend's kernels leave them unused ({@link MatrixCores}).
     */
    public Efficiency gpu(Gpu gpu, Backend backend) {
        BackendCalibration b = backendOf(gpu, backend);
        FamilyDeviation d = deviations.getOrDefault(gpu.family(), FamilyDeviation.NONE);
        Efficiency e = b.efficiency();
        if (e.quantizedPath() == Efficiency.QuantizedPath.FLOAT && !MatrixCores.used(b.backend(), gpu)) {
            e = e.withQuantizedPath(Efficiency.QuantizedPath.VECTOR);
        }
        return new Efficiency(Math.min(1, e.memory() * d.memory()), Math.min(1, e.compute() * d.compute()),
                e.layerOverheadSeconds(), Math.min(1, e.quantizedCompute() * d.compute()), e.quantizedPath(),
                e.joulesPerFlop(), e.streamCap().scaled(d.memory()), e.vectorOpsPerInt8Op(),
                Math.min(1, e.vectorCompute() * d.compute()), e.launchClockHz()).onClockOf(gpu);
    }

    /**
     * The launch cost per layer of one decode step of {@code tokensPerStep} tokens on {@code gpu} under its vendor's
     * default backend ({@code split}: part of the step on the host): a captured graph's where the backend captures
     * the step ({@link BackendCalibration#stepLayerOverheadSeconds}), else the backend's per-kernel launches.
     */
    public double stepLayerOverheadSeconds(Gpu gpu, int tokensPerStep, boolean split) {
        return backendOf(gpu, Backend.forVendor(gpu.vendor())).stepLayerOverheadSeconds(gpu, tokensPerStep, split);
    }

    /** {@code backend}'s calibration, for {@code gpu}; an error naming both where the calibration has none. */
    private BackendCalibration backendOf(Gpu gpu, Backend backend) {
        BackendCalibration b = backends.get(backend);
        if (b == null) {
            throw new IllegalArgumentException("no calibration for backend " + backend.key() + " of " + gpu.key());
        }
        return b;
    }

    /** Where a GPU's efficiencies come from: {@code fitted}, {@code borrowed:<backend>} or {@code uncalibrated}. */
    public String status(Gpu gpu) {
        return backends.get(Backend.forVendor(gpu.vendor())).status();
    }

    /**
     * Where the efficiencies a point on {@code gpu} with weights of {@code p} and prompt micro-batches of {@code rows}
     * tokens runs on come from: {@link #status(Gpu)}, except that a point whose prompt products take the F16 matrix
     * figure ({@link Efficiency#promptOnF16Gemm}, under {@link #gpu(Gpu, Precision, double)} for the card) takes that
     * figure's status ({@link BackendCalibration#f16GemmStatus}).
     */
    public String status(Gpu gpu, Precision p, double rows) {
        if (oneStatus(gpu)) {
            return status(gpu);
        }
        return gpu(gpu, p, rows).promptOnF16Gemm(p, gpu.peak()) ? f16GemmStatus(gpu) : status(gpu);
    }

    /** Where the F16 matrix figure of {@code gpu}'s backend comes from ({@link BackendCalibration#f16GemmStatus}). */
    public String f16GemmStatus(Gpu gpu) {
        return backends.get(Backend.forVendor(gpu.vendor())).f16GemmStatus();
    }

    /** Whether every point on {@code gpu} has {@link #status(Gpu)}: its backend's F16 matrix figure is its own. */
    public boolean oneStatus(Gpu gpu) {
        return f16GemmStatus(gpu).equals(status(gpu));
    }

    /** The vision path of a backend ({@link Backend#CPU}: the host CPU's); a catalog load checks that each exists. */
    public VisionPath vision(Backend backend) {
        VisionPath v = vision.get(backend);
        if (v == null) {
            throw new IllegalArgumentException("no vision calibration for backend " + backend.key());
        }
        return v;
    }

    /** Where a GPU's vision path comes from, in the vocabulary of {@link #status(Gpu)}. */
    public String visionStatus(Gpu gpu) {
        return vision(Backend.forVendor(gpu.vendor())).status();
    }

    /** This calibration as a build of {@code backend} sees every GPU (a Vulkan run on an NVIDIA card). */
    public Calibration running(Backend backend) {
        BackendCalibration b = backends.get(backend);
        if (b == null) {
            throw new IllegalArgumentException("no calibration for backend " + backend.key());
        }
        Map<Backend, BackendCalibration> all = new EnumMap<>(Backend.class);
        backends.keySet().forEach(k -> all.put(k, b));
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        paths.putAll(vision);
        backends.keySet().forEach(k -> paths.put(k, vision(backend)));
        return new Calibration(all, deviations, cpu, cpuThreadBytesPerSecond, runtime, paths, engines, cpuGemmCompute,
                cpuEngines, cpuExpertSeconds);
    }

    /**
     * This calibration as {@code build} runs: each backend's kernels of the generation it ran
     * ({@link BackendCalibration#builtOn}), its CLIP graph's attention fused or not at the build's date
     * ({@link VisionPath#builtOn}), its CPU decode attention split by keys or by query heads
     * ({@link RuntimeConstants#builtOn}), a partial offload's graph host-driven for a build before ggml-backend
     * ({@link KernelBuild#beforeGgmlBackend}, {@link #hostDrivenGraph(Gpu)}), and a mainline build's CPU prompts in a
     * format that had no matrix kernel at its date at vec_dot's efficiency
     * ({@link CpuMatmulPath#of(org.roofsweep.core.model.Precision, KernelBuild)}); an undated build: today's.
     */
    public Calibration builtOn(KernelBuild build) {
        Map<Backend, BackendCalibration> then = new EnumMap<>(Backend.class);
        backends.forEach((k, b) -> then.put(k, b.builtOn(build)));
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        vision.forEach((k, v) -> paths.put(k, build.date().map(v::builtOn).orElse(v)));
        RuntimeConstants dated = runtime == null ? null : build.date().map(runtime::builtOn).orElse(runtime);
        RuntimeConstants ran = dated != null && build.beforeGgmlBackend() ? dated.withHostDrivenGraph() : dated;
        // a mainline build from before its format had a matrix kernel ran that format's prompts on vec_dot
        boolean vecDot = cpuEngine(build.statement()).isEmpty()
                && !CpuMatmulPath.matrixKernelOn(build.format(), build.date());
        return new Calibration(then, deviations, cpu, cpuThreadBytesPerSecond, ran, paths, engines,
                vecDot && cpu != null ? cpu.quantizedCompute() : cpuGemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /**
     * This calibration as a build whose CLIP graph takes all views of an image at once
     * ({@link VisionPath#viewsInOneGraph}).
     */
    public Calibration withViewsInOneGraph() {
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        vision.forEach((k, v) -> paths.put(k, v.viewsInOneGraph()));
        return withVision(paths);
    }

    /** A copy with another CPU efficiency set (a fit of CPU rows), the matrix kernels' compute kept. */
    public Calibration withCpu(Efficiency fitted) {
        return withCpu(fitted, cpuGemmCompute);
    }

    /** A copy with another CPU efficiency set and matrix kernels' compute efficiency (a fit of CPU rows). */
    public Calibration withCpu(Efficiency fitted, double gemmCompute) {
        return new Calibration(backends, deviations, fitted, cpuThreadBytesPerSecond, runtime, vision, engines,
                gemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /** A copy with other backend efficiencies and deviations (a fit). */
    public Calibration with(Map<Backend, BackendCalibration> fitted, Map<String, FamilyDeviation> fittedDeviations) {
        return new Calibration(fitted, fittedDeviations, cpu, cpuThreadBytesPerSecond, runtime, vision, engines,
                cpuGemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /** A copy whose mainline CPU attention runs at another share of the FP32 peak (1: the fits' ideal). */
    public Calibration withCpuAttentionCompute(double share) {
        return withRuntime(runtime == null ? null : runtime.withCpuAttentionCompute(share));
    }

    /**
     * This calibration for a runtime whose CPU FlashAttention tiles K and V over blocks of query rows (ik_llama.cpp's
     * iqk {@code FlashAttn<Dk, Dv, q_step, k_step>}), so that no scan is read again per row, and whose tiles run
     * the products as matrix kernels at the CPU unit's matrix rate, not at mainline's
     * {@link RuntimeConstants#cpuAttentionCompute}.
     */
    public Calibration withTiledCpuAttention() {
        return withRuntime(runtime == null ? null : runtime.withTiledCpuAttention());
    }

    /**
     * Whether a partial offload on {@code gpu} runs as a host-driven graph ({@link RuntimeConstants#hostDrivenGraph}):
     * a build before ggml-backend of the CUDA or ROCm backend (ggml-cuda.cu, which the ROCm build compiles through
     * HIP) that the GPU runs here ({@link #running}: a Vulkan build on an NVIDIA card is not one).
     */
    public boolean hostDrivenGraph(Gpu gpu) {
        if (runtime == null || !runtime.hostDrivenGraph()) {
            return false;
        }
        BackendCalibration ran = backends.get(Backend.forVendor(gpu.vendor()));
        return ran != null && (ran.backend() == Backend.CUDA || ran.backend() == Backend.ROCM);
    }

    /** This calibration as a run of {@code tokens}-token physical batches ({@code -ub}) runs its prompts. */
    public Calibration withUbatchTokens(int tokens) {
        return withRuntime(runtime.withUbatchTokens(tokens));
    }

    /** This calibration for a run that loads the weights with {@code --no-mmap}: pinned host weights. */
    public Calibration withPinnedHostWeights() {
        return withRuntime(runtime.withPinnedHostWeights());
    }

    /** The same calibration with other runtime constants. */
    private Calibration withRuntime(RuntimeConstants other) {
        return new Calibration(backends, deviations, cpu, cpuThreadBytesPerSecond, other, vision, engines,
                cpuGemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /** A copy with other vision paths (a fit of image-encode rows). */
    public Calibration withVision(Map<Backend, VisionPath> fitted) {
        return new Calibration(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, fitted, engines,
                cpuGemmCompute, cpuEngines, cpuExpertSeconds);
    }

    /**
     * The CPU engine a measurement's framework text names (the longest of the engines' names it holds as a word),
     * empty for mainline llama.cpp builds.
     */
    public java.util.Optional<CpuEngine> cpuEngine(String framework) {
        return cpuEngines.values().stream().filter(e -> e.matchLength(framework) > 0)
                .max(java.util.Comparator.comparingInt((CpuEngine e) -> e.matchLength(framework))
                        .thenComparing(CpuEngine::key, java.util.Comparator.reverseOrder()));
    }

    /**
     * This calibration as a CPU engine's build runs: with the engine's tiled CPU attention where it has one (every
     * system), and, for a cpu-only run ({@code cpuOnlyPrompts}), every quantized format's prompt on the engine's
     * matrix kernels at the integer matrix kernels' efficiency times the engine's factor (capped at 1), vec_dot
     * formats included; the factor is fitted to cpu-only rows alone, so a GPU system keeps mainline's host kernels.
     * Weights in the row-interleaved layout ({@code repacked}, {@link CpuEngine#repacked}) run those kernels
     * {@link CpuEngine#repackedFactor} times faster: the dot products' efficiency times it (capped at 1) and their
     * other vector work per int8 op divided by it.
     */
    public Calibration forCpuEngine(CpuEngine e, boolean cpuOnlyPrompts, boolean repacked) {
        Calibration tiled = e.tiledAttention() ? withTiledCpuAttention() : this;
        if (!cpuOnlyPrompts) {
            return tiled;
        }
        double layout = repacked ? e.repackedFactor() : 1;
        double gemm = Math.min(1, cpuGemmCompute * e.promptFactor() * layout);
        Efficiency engineCpu = new Efficiency(cpu.memory(), cpu.compute(), cpu.layerOverheadSeconds(), gemm,
                cpu.quantizedPath(), cpu.joulesPerFlop(), cpu.streamCap(), cpu.vectorOpsPerInt8Op() / layout, 0);
        return tiled.withCpu(engineCpu, gemm);
    }

    /** A copy with other CPU engine figures (a fit). */
    public Calibration withCpuEngines(Map<String, CpuEngine> fitted) {
        return new Calibration(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, vision, engines,
                cpuGemmCompute, fitted, cpuExpertSeconds);
    }

    /** A copy with another fixed cost per expert matrix on the CPU (a fit of cpu-only decode rows). */
    public Calibration withCpuExpertSeconds(double fitted) {
        return new Calibration(backends, deviations, cpu, cpuThreadBytesPerSecond, runtime, vision, engines,
                cpuGemmCompute, cpuEngines, fitted);
    }
}
