package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Cpu;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.DenseGpu;
import org.roofsweep.core.systems.Result;

/**
 * Predicts published single-GPU measurements with {@code dense-gpu} and compares. Decode rows ({@code tg_tok_s}) are
 * predicted as decode tokens/s of one stream; prefill rows ({@code pp_tok_s}) as prompt tokens over prefill time.
 * Rows it cannot predict are skipped with the reason. The headline figure is the median absolute error of decode
 * tokens/s.
 */
public final class Validation {
    /** llama-bench's default generation length, used when a decode row states none. */
    static final int DEFAULT_GENERATED = 128;
    /** llama-bench's default prompt length, used when a prefill row states none. */
    static final int DEFAULT_PROMPT = 512;
    private static final DenseGpu DENSE = new DenseGpu();

    private Validation() {
    }

    /**
     * A predicted row: the system and backend it ran, the prediction and {@code errorPct} = (predicted - measured) /
     * measured x 100.
     */
    public record Prediction(MeasuredRow row, String system, Backend backend, Gpu gpu, ModelSpec model,
            double bitsPerWeight, double predicted, double errorPct) {
        public boolean decode() {
            return row.metric().equals("tg_tok_s");
        }

        /** Weights in a quantized format (fewer than 16 bits): prompt processing runs the quantized matmul path. */
        public boolean quantized() {
            return bitsPerWeight < 16;
        }
    }

    public record Skip(MeasuredRow row, String reason) {
    }

    public record Report(List<Prediction> predictions, List<Skip> skipped) {
        public List<Prediction> decode() {
            return predictions.stream().filter(Prediction::decode).toList();
        }

        public List<Prediction> prefill() {
            return predictions.stream().filter(p -> !p.decode()).toList();
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
        Cpu anyCpu = c.hardware().cpus().values().iterator().next();
        for (MeasuredRow r : rows) {
            String why = predict(r, c, calibration, anyCpu, predictions);
            if (!why.isEmpty()) {
                skipped.add(new Skip(r, why));
            }
        }
        return new Report(predictions, skipped);
    }

    /** Predicts one row into {@code out}; returns why it was skipped, or "" when predicted. */
    private static String predict(MeasuredRow r, Catalogs c, Calibration cal, Cpu anyCpu, List<Prediction> out) {
        boolean decode = r.metric().equals("tg_tok_s");
        if (!decode && !r.metric().equals("pp_tok_s")) {
            return "metric " + r.metric() + " is not predicted (only tg_tok_s and pp_tok_s)";
        }
        if (decode && r.batch() != 1) {
            return r.batch() == 0 ? "decode batch not stated (aggregate throughput of an unknown batch)"
                    : "batched decode (batch " + r.batch() + "); only single-stream rows are compared";
        }
        Optional<Gpu> gpu = r.gpuKey().isEmpty() ? c.hardware().gpuByName(r.gpu()) : c.hardware().gpu(r.gpuKey());
        if (gpu.isEmpty()) {
            return "GPU \"" + r.gpu() + "\" is not a single catalog accelerator (multi-GPU or unknown)";
        }
        Optional<ModelSpec> model = c.models().modelByName(r.model());
        if (model.isEmpty()) {
            return "model \"" + r.model() + "\" is not in the catalog";
        }
        Optional<Double> bits = c.quantization().bitsPerWeight(r.quant());
        if (bits.isEmpty()) {
            return "quantization \"" + r.quant() + "\" has no known bits per weight";
        }
        Backend backend = Backend.named(r.framework()).orElse(Backend.forVendor(gpu.get().vendor()));
        if (!cal.backends().containsKey(backend)) {
            return "backend " + backend.key() + " has no calibration";
        }
        Calibration running = backend == Backend.forVendor(gpu.get().vendor()) ? cal : cal.running(backend);
        Precision p = new Precision(bits.get(), 16, 16);
        Platform platform = new Platform(gpu.get().key(), gpu.get(), anyCpu, 0, 0);
        int prompt = decode ? Math.max(1, r.promptTokens()) : (r.promptTokens() > 0 ? r.promptTokens() : DEFAULT_PROMPT);
        int generated = decode ? (r.genTokens() > 1 ? r.genTokens() : DEFAULT_GENERATED) : 1;
        Workload w = Workload.text(model.get(), platform, 1, prompt, generated).withPrecision(p);
        Result res = DENSE.evaluate(w, running);
        if (!res.fits()) {
            return "does not fit one GPU under dense-gpu (" + res.reason() + ")";
        }
        double predicted = decode ? res.decodeTokensPerSecond() : prompt / res.prefillSeconds();
        out.add(new Prediction(r, DenseGpu.NAME, backend, gpu.get(), model.get(), bits.get(), predicted,
                (predicted - r.value()) / r.value() * 100));
        return "";
    }
}
