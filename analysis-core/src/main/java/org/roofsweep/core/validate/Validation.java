package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Cpu;
import org.roofsweep.core.hardware.CpuEngine;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.EngineCalibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.VisionSpec;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.Units;
import org.roofsweep.core.systems.CpuOnly;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.PreBackendOffload;
import org.roofsweep.core.systems.PowerInfer;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.Systems;

/**
 * Predicts published measurements with the system each row ran ({@code dense-gpu} unless the row's {@code system}
 * says otherwise) and compares. Decode rows ({@code tg_tok_s}) are predicted as decode tokens/s of one stream;
 * prefill rows ({@code pp_tok_s}) as prompt tokens over prefill time; {@code e2e_tok_s}, {@code ttft_s},
 * {@code tpot_ms} and {@code image_encode_ms} as the result's end-to-end tokens/s, time to first token, time per
 * output token and vision time. A {@code powerinfer} row runs PowerInfer with the row's {@code --vram-budget}
 * ({@link PowerInfer#withVramBudget}), one of its CPU build ({@link PowerInferCpuBuild}) with a budget of 0. Rows it
 * cannot predict, and rows whose {@code excluded} column says why they measure something else, are skipped with the
 * reason. The headline figure is the median absolute error of decode tokens/s.
 */
public final class Validation {
    /** llama-bench's default generation length, used when a decode row states none. */
    static final int DEFAULT_GENERATED = 128;
    /** llama-bench's default prompt length, used when a prefill row states none. */
    static final int DEFAULT_PROMPT = 512;
    /** The engine of rows from llama.cpp builds. */
    public static final String LLAMA_CPP = "llama.cpp";
    /** The engine of every other row. */
    public static final String OTHER_ENGINE = "other";
    /** The matrix path of unquantized weights on a GPU, and of any weights on the CPU. */
    static final String F16_PATH = "f16";
    static final String CPU_PATH = "cpu";
    /** Host memory taken for a row that states none, on a CPU whose catalog entry states no maximum. */
    static final double UNSTATED_HOST_GIB = 4096;
    /** The metric of a vision tower's time per request, in milliseconds. */
    public static final String IMAGE_ENCODE = "image_encode_ms";
    /**
     * Why a GPU prompt rate without its prompt length is skipped: a GPU's ridge point lies at some 100 to 600 FLOP
     * per byte (RTX 4090: 330 TFLOPS over 1008 GB/s), so a prompt of fewer tokens streams its weights memory-bound
     * and pays the pass's fixed launches over few tokens; its rate depends on a length the row does not state (a
     * CPU's ridge point of a few FLOP per byte makes its prompt rate nearly flat in the length, so cpu-only rows are
     * predicted at llama-bench's 512).
     */
    static final String UNSTATED_GPU_PROMPT = "GPU prompt rate without a stated prompt length (below the GPU's ridge "
            + "point of some 100-600 tokens the rate depends on it)";

    private Validation() {
    }

    /**
     * A predicted row: the system and backend it ran, the matrix path of its prompt ({@code f16}, a quantized path's
     * key as the build of the row ran it on that device, {@code cpu}), the prediction and {@code errorPct} =
     * (predicted - measured) / measured x 100, and the request it was predicted as (on the row's platform).
     */
    public record Prediction(MeasuredRow row, String system, Backend backend, Gpu gpu, Cpu cpu, ModelSpec model,
            double bitsPerWeight, String matmulPath, double predicted, double errorPct, Workload workload) {
        /** The device a leave-one-out fold holds out: the GPU, or the CPU of a cpu-only row. */
        public String deviceKey() {
            return backend == Backend.CPU ? cpu.key() : gpu.key();
        }

        public boolean decode() {
            return row.metric().equals("tg_tok_s");
        }

        /** An image-encode row: the vision tower's time, not the language model's. */
        public boolean vision() {
            return row.metric().equals(IMAGE_ENCODE);
        }

        /**
         * {@link #LLAMA_CPP} for a llama.cpp build (the runtime the systems model and the fit uses), else
         * {@link #OTHER_ENGINE} (ExLlama, MLC, vLLM, TensorRT-LLM, forks: validated, never fitted).
         */
        public String engine() {
            boolean llamaCpp = row.framework().toLowerCase(java.util.Locale.ROOT).startsWith(LLAMA_CPP);
            return llamaCpp ? LLAMA_CPP : OTHER_ENGINE;
        }

        /**
         * PowerInfer's {@code --vram-budget} as the row ran, in GiB: the row's, 0 for PowerInfer without a GPU (its
         * CPU build), NaN when unstated.
         */
        public double vramBudgetGib() {
            return system.equals(PowerInfer.NAME) && backend == Backend.CPU ? 0 : row.vramBudgetGib();
        }

        /**
         * Prompt processing runs a quantized matmul path: on a GPU, a path other than the F16 matrix figure's
         * ({@link #matmulPath}: weight-only quantized formats, {@link Efficiency#quantized}; the F16 copy counts as
         * quantized here, {@link PromptRows#copiedToday} telling its fits apart); on the CPU, weights below 16 bits.
         */
        public boolean quantized() {
            return matmulPath.equals(CPU_PATH) ? bitsPerWeight < 16 : !matmulPath.equals(F16_PATH);
        }
    }

    public record Skip(MeasuredRow row, String reason) {
    }

    public record Report(List<Prediction> predictions, List<Skip> skipped) {
        public List<Prediction> decode() {
            return predictions.stream().filter(Prediction::decode).toList();
        }

        /**
         * The prompt rates ({@code pp_tok_s}): the prefill figure the README's headline and the CLI's last lines state;
         * the other metrics (first-token latency, time per output token, end to end) have summary lines of their own.
         */
        public List<Prediction> prefill() {
            return predictions.stream().filter(p -> p.row().metric().equals("pp_tok_s")).toList();
        }

        public List<Prediction> vision() {
            return predictions.stream().filter(Prediction::vision).toList();
        }

        public double medianAbsErrorPct(List<Prediction> ps) {
            return ErrorSummary.medianAbsErrorPct(ps);
        }
    }

    public static Report run(List<MeasuredRow> rows, Catalogs c) {
        return run(rows, c, c.hardware().calibration());
    }

    public static Report run(List<MeasuredRow> rows, Catalogs c, Calibration calibration) {
        List<Prediction> predictions = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (MeasuredRow r : rows) {
            String why = predict(r, c, calibration, predictions);
            if (!why.isEmpty()) {
                skipped.add(new Skip(r, why));
            }
        }
        return new Report(predictions, skipped);
    }

    /** Predicts one row into {@code out}; returns why it was skipped, or "" when predicted. */
    private static String predict(MeasuredRow r, Catalogs c, Calibration cal, List<Prediction> out) {
        if (!r.excluded().isEmpty()) {
            return "excluded: " + r.excluded();
        }
        Optional<InferenceSystem> system = Systems.byName(r.system());
        if (system.isEmpty()) {
            return "system \"" + r.system() + "\" is not one of " + Systems.names();
        }
        boolean cpuOnly = r.system().equals(CpuOnly.NAME);
        // PowerInfer built or run without a GPU computes every weight on the CPU: its placement of a zero budget
        boolean cpuBuild = r.system().equals(PowerInfer.NAME) && PowerInferCpuBuild.ran(r);
        boolean hostOnly = cpuOnly || cpuBuild;
        boolean perToken = r.metric().equals("tg_tok_s") || r.metric().equals("tpot_ms")
                || r.metric().equals("e2e_tok_s");
        if (perToken && r.batch() != 1) {
            return r.batch() == 0 ? "decode batch not stated (aggregate throughput of an unknown batch)"
                    : "batched decode (batch " + r.batch() + "); only single-stream rows are compared";
        }
        boolean noGpu = r.gpu().equalsIgnoreCase(MeasuredRow.NO_GPU) && r.gpuKey().isEmpty();
        if (cpuOnly && !noGpu) {
            return "a cpu-only row names a GPU (\"" + r.gpu() + "\"); expected gpu = none";
        }
        if (noGpu && !hostOnly) {
            return "system " + r.system() + " needs a GPU, the row has none";
        }
        Optional<Gpu> gpu = hostOnly ? Optional.of(c.hardware().gpus().values().iterator().next())
                : r.gpuKey().isEmpty() ? c.hardware().gpuByName(r.gpu()) : c.hardware().gpu(r.gpuKey());
        if (gpu.isEmpty()) {
            return "GPU \"" + r.gpu() + "\" is not a single catalog accelerator (multi-GPU or unknown)";
        }
        boolean needsCpu = !r.system().equals(DenseGpu.NAME);
        Optional<Cpu> cpu = !r.cpuKey().isEmpty() ? c.hardware().cpu(r.cpuKey())
                : needsCpu ? Optional.empty() : Optional.of(c.hardware().cpus().values().iterator().next());
        if (cpu.isEmpty()) {
            return r.cpu().isEmpty() ? "system " + r.system() + " needs the host CPU; the row states none"
                    : "CPU \"" + r.cpu() + "\" is not in the CPU catalog (no cpu_key)";
        }
        Optional<ModelSpec> model = r.modelKey().isEmpty() ? c.models().modelByName(r.model())
                : c.models().model(r.modelKey());
        if (model.isEmpty()) {
            return "model \"" + (r.modelKey().isEmpty() ? r.model() : r.modelKey()) + "\" is not in the catalog";
        }
        Optional<Double> bits = c.quantization().bitsPerWeight(r.quant());
        if (bits.isEmpty()) {
            return "quantization \"" + r.quant() + "\" has no known bits per weight";
        }
        if (!hostOnly && r.metric().equals("pp_tok_s") && r.promptTokens() <= 0) {
            return UNSTATED_GPU_PROMPT;
        }
        Backend backend = hostOnly ? Backend.CPU
                : Backend.named(r.framework()).orElse(Backend.forVendor(gpu.get().vendor()));
        if (!hostOnly && !cal.backends().containsKey(backend)) {
            return "backend " + backend.key() + " has no calibration";
        }
        Calibration built = RowBuild.of(r, cal);
        Calibration running = hostOnly || backend == Backend.forVendor(gpu.get().vendor()) ? built
                : built.running(backend);
        Optional<EngineCalibration> engine = hostOnly ? Optional.empty() : cal.engine(r.framework());
        if (engine.isPresent()) {
            running = running.forEngine(engine.get());
        }
        Optional<CpuEngine> cpuEngine = running.cpuEngine(r.framework());
        if (cpuEngine.isPresent()) {
            running = running.forCpuEngine(cpuEngine.get(), cpuOnly, CpuEngine.repacked(r.quant(), r.framework()));
        }
        // a run on a cache deeper than the model's trained context measured how fast it ran there
        int deepest = r.kvDepth() + Math.max(r.promptTokens(), DEFAULT_PROMPT) + Math.max(r.genTokens(), 1);
        ModelSpec ran = r.kvDepth() > 0 && deepest > model.get().maxContext() ? model.get().withMaxContext(deepest)
                : model.get();
        Workload w = workload(r, ran, platform(r, gpu.get(), cpu.get(), cal), bits.get());
        if (r.ubatchTokens() != MeasuredRow.UBATCH_UNSTATED) {
            running = running.withUbatchTokens(r.ubatchTokens());
        }
        if (r.mmap() == 0) {
            running = running.withPinnedHostWeights();
        }
        if (r.metric().equals(IMAGE_ENCODE) && (w.images() == 0 || model.get().vision() == null)) {
            return "image_encode_ms needs a model with a vision tower and images >= 1";
        }
        double budgetGib = cpuBuild ? 0 : r.vramBudgetGib();
        InferenceSystem run = system.get();
        if (!Double.isNaN(budgetGib)) {
            if (!(run instanceof PowerInfer p)) {
                return "vram_budget_gib is PowerInfer's --vram-budget; system " + r.system() + " takes none";
            }
            run = p.withVramBudget(budgetGib * Units.GIB);
        }
        Result res = run.evaluate(w, running);
        if (!res.fits()) {
            // a build before ggml-backend at -ngl = n_layer + 2 split its KV cache, which the system does not price
            return res.reason().equals(PreBackendOffload.SPLIT_KV) ? res.reason()
                    : "does not fit under " + r.system() + " (" + res.reason() + ")";
        }
        double predicted = predicted(r.metric(), w, res);
        Efficiency e = ExecutionUnit.efficiencyOf(w, running);
        // the GPU's path as the roofline takes it (weight-only quantized formats on pathOn's path, the rest on the F16
        // figure, Efficiency.promptOnF16Gemm), the CPU's as its unit does (below 16 bits on its integer kernels)
        String path = hostOnly ? CPU_PATH : Efficiency.quantized(w.precision()) ? e.pathOn(gpu.get().peak()).key()
                : F16_PATH;
        out.add(new Prediction(r, r.system(), backend, gpu.get(), cpu.get(), model.get(), bits.get(), path,
                predicted, (predicted - r.value()) / r.value() * 100, w));
        return "";
    }

    /**
     * The machine of a row: its GPU (any, unused, for cpu-only) and CPU, the stated host memory (blank: the CPU's
     * maximum, as the run evidently fit) and the CPU's effective memory bandwidth, as a sweep's pair would have, at
     * the stated memory speed, on the stated threads (blank: every core).
     */
    private static Platform platform(MeasuredRow r, Gpu gpu, Cpu cpu, Calibration cal) {
        double host = !Double.isNaN(r.hostMemoryGib()) ? r.hostMemoryGib() * Units.GIB
                : Double.isFinite(cpu.maxMemoryBytes()) ? cpu.maxMemoryBytes() : UNSTATED_HOST_GIB * Units.GIB;
        Cpu ran = Double.isNaN(r.memoryMtPerSecond()) ? cpu
                : cpu.withEffectiveBandwidth(cpu.effectiveBandwidthAt(r.memoryMtPerSecond()), cpu.bandwidthBasis());
        if (r.threads() > 0) {
            ran = ran.onThreads(r.threads(), cal.cpuThreadBytesPerSecond());
        }
        return Platform.of(gpu, ran, host);
    }

    /**
     * The request a row measured: llama-bench defaults where the row states no lengths; prompt processing of one
     * sequence (llama-bench's pp rows); on a cache of the row's {@code kv_depth} (a pp row's prompt on top of it, a tg
     * row's steps at that context), with the row's FlashAttention setting and KV cache type.
     */
    private static Workload workload(MeasuredRow r, ModelSpec m, Platform p, double bits) {
        boolean prefillOnly = r.metric().equals("pp_tok_s") || r.metric().equals(IMAGE_ENCODE)
                || r.metric().equals("ttft_s");
        int prompt = prefillOnly ? (r.promptTokens() > 0 ? r.promptTokens() : DEFAULT_PROMPT)
                : r.metric().equals("tg_tok_s") ? Math.max(1, r.promptTokens())
                : r.promptTokens() > 0 ? r.promptTokens() : DEFAULT_PROMPT;
        int generated = prefillOnly ? 1 : r.genTokens() > 1 ? r.genTokens() : DEFAULT_GENERATED;
        Workload w = Workload.text(m, p, prefillOnly ? 1 : Math.max(1, r.batch()), prompt, generated).toBuilder()
                .precision(new Precision(bits, 16, r.kvType().meanBits(), r.quant()))
                .flashAttention(r.flashAttentionOn()).kvDepthTokens(r.kvDepth()).build();
        if (r.gpuLayers() >= 0) {
            w = w.withGpuLayers(r.gpuLayers());
        }
        if (r.moeCpuLayers() >= 0) {
            w = w.withMoeCpuLayers(r.moeCpuLayers());
        }
        int images = r.images() > 0 ? r.images() : r.metric().equals(IMAGE_ENCODE) ? 1 : 0;
        if (images > 0 && m.vision() != null) {
            int side = m.vision().imageSize();
            w = w.withImages(images, r.imageWidth() > 0 ? r.imageWidth() : side,
                    r.imageHeight() > 0 ? r.imageHeight() : side);
            if (r.promptTokens() > 0) {
                // a stated prompt length counts the image tokens (llama.cpp's "prompt eval time = ... / N tokens"
                // evaluates the image embeddings as prompt tokens): the text is the rest
                w = w.toBuilder().promptTokens(Math.max(1, w.promptTokens() - imageTokens(w))).build();
            }
        }
        return w;
    }

    /** The language-model tokens a workload's images become (0 without images or a vision tower). */
    private static int imageTokens(Workload w) {
        VisionSpec v = w.model().vision();
        return v == null || w.images() == 0 ? 0 : w.images() * v.plan(w.imageWidth(), w.imageHeight()).llmTokens();
    }

    private static double predicted(String metric, Workload w, Result res) {
        return switch (metric) {
            case "tg_tok_s" -> res.decodeTokensPerSecond();
            case "pp_tok_s" -> (w.promptTokens() + imageTokens(w)) / res.prefillSeconds();
            case "e2e_tok_s" -> res.e2eTokensPerSecond();
            case "ttft_s" -> res.ttftSeconds();
            case "tpot_ms" -> res.tpotSeconds() / Units.MILLISECOND;
            case "image_encode_ms" -> res.visionSeconds() / Units.MILLISECOND;
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }
}
