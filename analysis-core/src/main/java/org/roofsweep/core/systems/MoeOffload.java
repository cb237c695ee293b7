package org.roofsweep.core.systems;

import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.LinkTime;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * llama.cpp's expert offload for MoE models ({@code --n-cpu-moe N}, {@code -ot exps=CPU}; KTransformers splits the
 * same way): the routed-expert weights of the first N MoE layers stay in host memory and the CPU computes them;
 * attention, shared experts, routers, norms, the KV cache and the head sit on the GPU (the token embedding stays in
 * host memory, as llama.cpp keeps it). Each CPU-expert layer sends the hidden state to the host and the expert output
 * back, one FP32 row per sequence each way. Like layer-offload, the graph runs one op after another, so a decode step
 * costs GPU time plus CPU time plus transfers. For prompts of at least {@code offloadMinBatchTokens} tokens, llama.cpp
 * copies the CPU layers' expert weights to the GPU once per ubatch and multiplies there (ggml-cuda's
 * {@code offload_op}: a MUL_MAT_ID of 32 or more tokens runs on the GPU; the scheduler copies its host-resident
 * weights first, only the experts the ubatch uses, see {@link OffloadCopy}), from the memory-mapped file, so through
 * the driver's pageable staging copy. N is the fewest layers that
 * let the rest fit (as users choose it) unless the workload fixes it; "gpu_layers" reports the MoE layers whose
 * experts stay on the GPU plus the dense layers.
 */
public final class MoeOffload implements InferenceSystem {
    public static final String NAME = "moe-offload";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        Evaluating e = Evaluating.start(NAME, ExecutionMode.DENSE, w, c);
        RequestShape r = e.r();
        Result.Builder out = e.out();
        ModelSpec m = w.model();
        Gpu gpu = w.platform().gpu();
        int layers = m.numLayers();
        int moeLayers = m.moe().moeLayers(layers);
        double wb = w.precision().weightBytes();
        // the routed experts of one MoE layer: what one CPU layer keeps in host memory
        double layerExperts = m.moe().numExperts() * m.ffnParametersPerExpert() * wb;
        double embedding = m.embeddingParameters() * wb;
        // a tied head is duplicated to the GPU (llama.cpp copies token_embd for the output) while the lookup stays
        double gpuAll = (layers * m.parametersPerLayer() + m.lmHeadParameters() + m.hiddenSize()) * wb;
        double kv = layers * r.kvBytesPerLayer();
        double act = r.activationBytes(c);
        double fixed = r.visionWeightBytes() + act + c.runtime().gpuReservedBytes();
        double over = fixed + kv + gpuAll - gpu.memoryBytes();
        int fewest = over <= 0 ? 0 : (int) Math.min(moeLayers, Math.ceil(over / layerExperts));
        int n = w.moeCpuLayers() < 0 ? fewest : Math.min(w.moeCpuLayers(), moeLayers);
        double gpuWeights = gpuAll - n * layerExperts + r.visionWeightBytes();
        double hostBytes = embedding + n * layerExperts;
        double model = r.languageModelWeightBytes() + r.visionWeightBytes();
        double gpuShare = moeLayers == 0 ? 0 : (double) (moeLayers - n) / moeLayers;
        out.gpuMemory(gpuWeights, kv, act, c.runtime().gpuReservedBytes())
                .memory(model, r.visionWeightBytes(), hostBytes, kv)
                .placement(layers - n, gpuShare, gpuShare)
                .sparsity(0, 0);
        if (!m.moe().isMoe()) {
            out.infeasible("moe-offload needs an MoE model; " + m.key() + " has a dense FFN");
        }
        if (e.rejected(o -> o.requireGpuRoom(gpu, fixed).requireGpuMemory(gpu, LayerSetting.MOE_CPU_LAYERS, n)
                .requireHostMemory(w.platform(), hostBytes))) {
            return out.build();
        }
        // the experts of n layers on the host split every such layer's step between the two devices
        ExecutionUnit g = ExecutionUnit.gpuOf(w, c, n > 0);
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(w, c);
        double moeShare = (double) moeLayers / layers;
        double row = w.batch() * m.hiddenSize() * Units.FP32_BYTES;
        // embedding (host) to the first layer, and 2 crossings per CPU-expert layer
        double stepLink = LinkTime.seconds(w, c, (1 + 2.0 * n) * row, 1 + 2.0 * n);

        // prefill
        double vision = VisionEncode.gpuSeconds(r, c);
        Op[] pre = r.prefillLayer();
        double preExpertsGpu = Roofline.seconds(pre, g, OpKind.FFN) / moeShare;
        double gpuPrefill = layers * Roofline.seconds(pre, g) + Roofline.seconds(r.prefillHead(), g)
                + g.overhead(layers, 1);
        double cpuPrefill = 0;
        double tokens = (double) w.batch() * r.promptTokens();
        double linkPrefill = LinkTime.seconds(w, c, tokens * m.hiddenSize() * Units.FP32_BYTES, 1);
        if (n > 0 && tokens >= c.runtime().offloadMinBatchTokens()) {
            // each ubatch copies the experts its tokens use (OffloadCopy)
            double ub = c.runtime().ubatchTokens();
            double copied = n * layerExperts * OffloadCopy.expertSetCopies(m.moe(), tokens, ub);
            linkPrefill += OffloadCopy.weightSeconds(w, c, copied, OffloadCopy.ubatches(tokens, ub) * n);
        } else if (n > 0) {
            gpuPrefill -= n * preExpertsGpu;
            cpuPrefill = n * Roofline.seconds(pre, cpu, OpKind.FFN) / moeShare + cpu.overhead(n, 1);
            linkPrefill += LinkTime.seconds(w, c, 2.0 * n * tokens * m.hiddenSize() * Units.FP32_BYTES, 2.0 * n);
        }
        double prefill = gpuPrefill + cpuPrefill + linkPrefill;

        // decode: every layer on the GPU, less the experts of the CPU layers, which the CPU computes
        Op[] step = r.decodeLayer(0);
        Op[] next = r.decodeLayer(1);
        Op[] head = r.decodeHead();
        int steps = r.decodeSteps();
        double expertsGpu = Roofline.seconds(step, g, OpKind.FFN) / moeShare;
        double expertsCpu = Roofline.seconds(step, cpu, OpKind.FFN) / moeShare;
        double gpuDecode = Roofline.decodeLayersSeconds(step, next, g, layers, steps)
                + (Roofline.seconds(head, g) - n * expertsGpu) * steps;
        double cpuDecode = (n * expertsCpu + cpu.overhead(n, 1)) * steps;
        double linkDecode = stepLink * steps;
        double firstStep = layers * Roofline.seconds(step, g) - n * expertsGpu + Roofline.seconds(head, g)
                + g.stepOverhead(layers, 1) + n * expertsCpu + cpu.overhead(n, 1) + stepLink;
        out.times(vision, prefill, gpuDecode + cpuDecode + linkDecode, firstStep)
                .busy(vision + gpuPrefill + gpuDecode, cpuPrefill + cpuDecode, linkPrefill + linkDecode);
        double gpuFlops = layers * Roofline.flops(step) - n * Roofline.flops(step, OpKind.FFN) / moeShare;
        double gpuBytes = layers * Roofline.bytes(step) - n * Roofline.bytes(step, OpKind.FFN) / moeShare;
        out.bound(g.memoryBound(gpuFlops, gpuBytes), gpuFlops / gpuBytes);
        return out.build();
    }
}
