package org.roofsweep.core.systems;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.VisionDevice;

/**
 * Every operator of one point with the device that runs it, as its system places them: LLM-Viewer's per-layer
 * operator table, with an op that two devices share (some layers here, some there; or PowerInfer's hot and cold
 * neurons) as one row per device. Phases as in the {@code operators} table: a prefill layer, the prefill's head, a
 * decode layer at the first step (the prompt in the cache), the decode step's head, the vision encoder and projector.
 * FLOPs and bytes are per instance; {@code repeat} counts the instances the device runs in the phase (layers), and
 * {@code seconds} is their time on that device's roofline (for the FFN halves: the sparse kernels' time).
 *
 * <ul>
 *   <li>{@code dense-gpu}, {@code sparse-gpu}: all on the GPU; {@code cpu-only}: all on the CPU.
 *   <li>{@code layer-offload} and PowerInfer's dense mode ({@link LayerOffload#split}): the GPU runs its layers'
 *       ops, the CPU the others'; a prompt of {@code offloadMinBatchTokens} or more runs the CPU layers' matrix
 *       products on the GPU too; under {@code -nkvo} the CPU runs all attention; the head where it was placed.
 *   <li>{@code moe-offload}: the routed experts of its CPU layers on the CPU (one row per MoE layer's experts), all
 *       else on the GPU; a long prompt's experts on the GPU.
 *   <li>{@code powerinfer}, {@code powerinfer-ideal} running sparse ({@link PowerInfer#sparseRun}): the dense block
 *       and the predictor of the placed layers on the GPU; attention where the KV cache is; the FFN as
 *       {@code ffn_hot} (GPU) and {@code ffn_cold} (CPU), which run concurrently ({@link FfnHalves}). The fork's
 *       vision rows add its copies of the tower's weights and operands over the host link, device {@code link}
 *       ({@link VisionEncode#forkLinkSeconds}), so that they sum to the result's vision time.
 * </ul>
 */
public final class DeviceOps {
    public static final String GPU = "gpu";
    public static final String CPU = "cpu";
    /** The host link, as a device of the fork's vision copies. */
    public static final String LINK = "link";

    /** One op on one device in one phase, {@code repeat} times, taking {@code seconds} in all. */
    public record Row(String phase, Op op, String device, double repeat, double seconds, boolean memoryBound) {
        public double intensity() {
            return op.arithmeticIntensity();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final ExecutionUnit gpu;
    private final ExecutionUnit cpu;
    /** The GPU and the CPU as the CLIP graph runs the vision tower on them (the backend's vision path). */
    private final VisionDevice visionGpu;
    private final VisionDevice visionCpu;
    /** The request's shape as the system runs it. */
    private final RequestShape shape;

    private DeviceOps(Workload w, Calibration c, RequestShape shape) {
        this.shape = shape;
        this.gpu = ExecutionUnit.gpuOf(w, c);
        // a bare GPU (the GPU-only systems' platform) has no host
        this.cpu = w.platform().cpu() == null ? null : ExecutionUnit.hostCpuOf(w, c);
        this.visionGpu = VisionDevice.derated(w.platform(), Backend.forVendor(w.platform().gpu().vendor()), c);
        this.visionCpu = cpu == null ? null : VisionDevice.derated(w.platform(), Backend.CPU, c);
    }

    /** The rows of {@code w} under {@code s}; none where the request cannot be shaped. */
    public static List<Row> of(InferenceSystem s, Workload w, Calibration c) {
        if (s instanceof PowerInfer p) {
            var sparse = p.sparseRun(w, c);
            Workload run = p.asRun(w);
            DeviceOps d = new DeviceOps(run, c, p.shape(run, c));
            return sparse.isPresent() ? d.sparse(sparse.get(), c, p.name().equals(PowerInfer.NAME))
                    : d.layers(run, c, p.name());
        }
        DeviceOps d = new DeviceOps(w, c, RequestShape.of(w, c));
        return switch (s.name()) {
            case LayerOffload.NAME -> d.layers(w, c, LayerOffload.NAME);
            case MoeOffload.NAME -> d.experts(w, c, s.evaluate(w, c));
            case CpuOnly.NAME -> d.uniform(w, CPU);
            default -> d.uniform(w, GPU);
        };
    }

    private List<Row> uniform(Workload w, String device) {
        RequestShape r = shape;
        int layers = w.model().numLayers();
        boolean onGpu = device.equals(GPU);
        return phases(w, r, op -> onGpu ? layers : 0, op -> onGpu ? layers : 0, onGpu, onGpu);
    }

    /** The layer split: GPU layers, CPU layers, the head where it is. */
    private List<Row> layers(Workload w, Calibration c, String system) {
        RequestShape r = shape;
        LayerOffload.Split s = LayerOffload.split(w, c, r, system);
        int n = s.gpuLayers();
        int cpuLayers = w.model().numLayers() - n;
        boolean gpuMatmuls = cpuLayers > 0
                && (double) w.batch() * r.promptTokens() >= c.runtime().offloadMinBatchTokens();
        ToDoubleFunction<Op> prefill = op -> op.kind() == OpKind.ATTENTION ? (s.kvOnHost() ? 0 : n)
                : n + (gpuMatmuls ? cpuLayers : 0);
        ToDoubleFunction<Op> decode = op -> op.kind() == OpKind.ATTENTION && s.kvOnHost() ? 0 : n;
        // the tower runs on the GPU with its weights in VRAM (VisionEncode)
        return phases(w, r, prefill, decode, s.headOnGpu(), true);
    }

    /** moe-offload: the routed experts of its CPU layers on the CPU, one row per MoE layer's experts. */
    private List<Row> experts(Workload w, Calibration c, Result result) {
        RequestShape r = shape;
        int layers = w.model().numLayers();
        int moeLayers = w.model().moe().moeLayers(layers);
        if (moeLayers == 0) {
            // a dense FFN: moe-offload does not run it (the result says so)
            return uniform(w, GPU);
        }
        int onCpu = layers - result.gpuLayers();
        boolean longPrompt = (double) w.batch() * r.promptTokens() >= c.runtime().offloadMinBatchTokens();
        if (!r.problem().isEmpty()) {
            return rows;
        }
        // the graph's FFN op is the mean over all layers; one MoE layer's experts are that over the MoE share
        double perMoeLayer = (double) layers / moeLayers;
        phase("prefill", r.prefillLayer(), perMoeLayer, op -> op.kind() == OpKind.FFN
                ? (longPrompt ? moeLayers : moeLayers - onCpu) : layers, op -> op.kind() == OpKind.FFN
                ? moeLayers : layers);
        add("prefill_head", r.prefillHead(), gpu, GPU, 1);
        phase("decode", r.decodeLayer(0), perMoeLayer, op -> op.kind() == OpKind.FFN ? moeLayers - onCpu : layers,
                op -> op.kind() == OpKind.FFN ? moeLayers : layers);
        add("decode_head", r.decodeHead(), gpu, GPU, 1);
        vision(w, r, true);
        return rows;
    }

    /**
     * A sparse PowerInfer run: dense blocks where placed, attention with the KV cache, the FFN in two halves; the
     * {@code fork}'s vision copies over the link.
     */
    private List<Row> sparse(PowerInfer.SparseRun run, Calibration c, boolean fork) {
        Workload w = run.workload();
        RequestShape r = shape;
        NeuronPlacement pl = run.placement();
        int layers = w.model().numLayers();
        int d = pl.denseLayersOnGpu();
        ToDoubleFunction<Op> onGpu = op -> op.kind() == OpKind.ATTENTION && !pl.kvOnGpu() ? 0 : d;
        double batch = w.batch();
        sparsePhase("prefill", r.prefillLayer(), onGpu, layers, batch * r.promptTokens(), run, run.ffn().prefillGpu(),
                run.ffn().prefillCpu());
        add("prefill_head", r.prefillHead(), pl.headOnGpu() ? gpu : cpu, pl.headOnGpu() ? GPU : CPU, 1);
        sparsePhase("decode", r.decodeLayer(0), onGpu, layers, batch, run, run.ffn().stepGpu(), run.ffn().stepCpu());
        add("decode_head", r.decodeHead(), pl.headOnGpu() ? gpu : cpu, pl.headOnGpu() ? GPU : CPU, 1);
        vision(w, r, true);
        if (fork && r.hasImages()) {
            Op copies = new Op("link_copies", OpKind.VISION, 0, r.visionWeightBytes(),
                    VisionEncode.forkLinkActivationBytesPerView(w, r), 0, 0);
            rows.add(new Row("vision", copies, LINK, r.visionViews(), VisionEncode.forkLinkSeconds(w, c, r), true));
        }
        return rows;
    }

    private void sparsePhase(String phase, Op[] ops, ToDoubleFunction<Op> onGpu, int layers, double tokens,
            PowerInfer.SparseRun run, FfnHalves.Half hot, FfnHalves.Half cold) {
        int predictors = run.placement().predictorLayersOnGpu();
        boolean ffnDone = false;
        for (Op op : ops) {
            if (op.kind() != OpKind.FFN) {
                split(phase, op, onGpu.applyAsDouble(op), layers);
            } else if (!ffnDone) {
                ffnDone = true;
                SparseFootprint f = run.footprint();
                split(phase, new Op("predictor", OpKind.FFN, tokens * f.predictorFlopsPerToken(),
                        f.predictorLayerBytes(), 0, 0, 0), predictors, layers);
                half(phase, "ffn_hot", hot, gpu, GPU, layers);
                half(phase, "ffn_cold", cold, cpu, CPU, layers);
            }
        }
    }

    private void half(String phase, String name, FfnHalves.Half h, ExecutionUnit unit, String device, int layers) {
        if (h.flops() > 0 || h.bytes() > 0) {
            Op op = new Op(name, OpKind.FFN, h.flops(), h.bytes(), 0, 0, 0);
            rows.add(new Row(phase, op, device, layers, layers * h.seconds(),
                    unit.memoryBound(h.flops(), h.bytes())));
        }
    }

    /**
     * Every phase, with each layer op on the GPU {@code prefillGpu(op)} and {@code decodeGpu(op)} times of all
     * layers and on the CPU the others.
     */
    private List<Row> phases(Workload w, RequestShape r, ToDoubleFunction<Op> prefillGpu,
            ToDoubleFunction<Op> decodeGpu, boolean headOnGpu, boolean visionOnGpu) {
        if (!r.problem().isEmpty()) {
            return rows;
        }
        int layers = w.model().numLayers();
        phase("prefill", r.prefillLayer(), 1, prefillGpu, op -> layers);
        add("prefill_head", r.prefillHead(), headOnGpu ? gpu : cpu, headOnGpu ? GPU : CPU, 1);
        phase("decode", r.decodeLayer(0), 1, decodeGpu, op -> layers);
        add("decode_head", r.decodeHead(), headOnGpu ? gpu : cpu, headOnGpu ? GPU : CPU, 1);
        vision(w, r, visionOnGpu);
        return rows;
    }

    /** Each op ({@code scale} times its FLOPs and bytes) on the GPU {@code gpuRepeat(op)} of {@code total(op)}. */
    private void phase(String phase, Op[] ops, double scale, ToDoubleFunction<Op> gpuRepeat,
            ToDoubleFunction<Op> total) {
        for (Op op : ops) {
            Op scaled = op.kind() == OpKind.FFN ? op.scaled(scale) : op;
            split(phase, scaled, gpuRepeat.applyAsDouble(op), total.applyAsDouble(op));
        }
    }

    /** {@code op} on the GPU {@code onGpu} times and on the CPU the rest of {@code total}. */
    private void split(String phase, Op op, double onGpu, double total) {
        add(phase, new Op[] {op}, gpu, GPU, onGpu);
        add(phase, new Op[] {op}, cpu, CPU, total - onGpu);
    }

    /** The tower and projector on the GPU's or the CPU's vision path, as {@link VisionEncode} prices them. */
    private void vision(Workload w, RequestShape r, boolean onGpu) {
        VisionDevice unit = onGpu ? visionGpu : visionCpu;
        String device = onGpu ? GPU : CPU;
        if (r.hasImages()) {
            for (Op op : unit.encoderLayer(r)) {
                add("vision", new Op[] {op}, unit.unitFor(op), device, w.model().vision().layersUsed());
            }
            add("vision_projector", r.visionProjector(), unit.matrix(), device, 1);
        }
    }

    private void add(String phase, Op[] ops, ExecutionUnit unit, String device, double repeat) {
        if (repeat <= 0) {
            return;
        }
        for (Op op : ops) {
            rows.add(new Row(phase, op, device, repeat, unit.seconds(op) * repeat,
                    unit.memoryBound(op)));
        }
    }
}
