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
 * llama.cpp's partial offload ({@code -ngl N}): N whole layers, with their KV cache, on the GPU; the rest computed by
 * the CPU from host DRAM. Layers run one after another, so a decode step costs the CPU layers' time plus the GPU
 * layers' time plus the activation hand-off over the link (the additive model that fits a published 0..99-layer
 * sweep within 5%, see docs/powerinfer-facts.md Sec. 6.2). For prompts of at least {@code offloadMinBatchTokens} tokens,
 * llama.cpp runs the CPU layers' matrix products on the GPU, copying their weights over the link once per ubatch
 * (pageable: the weights are the memory-mapped file's pages, pinned under {@code --no-mmap}; of an MoE layer's experts
 * only those the ubatch uses, see {@link OffloadCopy}), and with them every op between them, attention over the
 * layer's K and V views copied up from the host cache included (the scheduler's expansion of the GPU's ops).
 * N is the most that fit (as users choose it) unless the workload fixes it. The embedding stays in host memory.
 * With {@code kv_offload} ({@code -nkvo}) the KV cache of every layer stays in host memory and the CPU runs all
 * attention over it: more layers fit, but each GPU layer sends its Q, K and V to the host and gets the attention output
 * back every pass.
 */
public final class LayerOffload implements InferenceSystem {
    public static final String NAME = "layer-offload";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        return run(w, c, RequestShape.of(w, c), NAME, ExecutionMode.DENSE);
    }

    /**
     * The layer split of a workload, reported as {@code system} in {@code mode}: PowerInfer's dense mode is this very
     * path (see {@link ExecutionMode#DENSE_MODE}).
     */
    static Result run(Workload w, Calibration c, RequestShape r, String system, ExecutionMode mode) {
        Evaluating e = Evaluating.start(system, mode, w, c, r);
        Result.Builder out = e.out();
        ModelSpec m = w.model();
        Gpu gpu = w.platform().gpu();
        int layers = m.numLayers();
        double wb = w.precision().weightBytes();
        double layerWeights = m.parametersPerLayer() * wb;
        double layerKv = r.kvBytesPerLayer();
        Split split = split(w, c, r, system);
        boolean kvHost = split.kvOnHost();
        double gpuLayerKv = kvHost ? 0 : layerKv;
        double headWeights = (m.lmHeadParameters() + m.hiddenSize()) * wb;
        double embedding = m.embeddingParameters() * wb;
        double act = r.activationBytes(c);
        double fixed = r.visionWeightBytes() + act + c.runtime().gpuReservedBytes();
        int n = split.gpuLayers();
        boolean headOnGpu = split.headOnGpu();
        double gpuWeights = n * layerWeights + (headOnGpu ? headWeights : 0) + r.visionWeightBytes();
        double hostWeights = (layers - n) * layerWeights + embedding + (headOnGpu || m.tiedEmbeddings() ? 0 : headWeights);
        double hostBytes = hostWeights + (kvHost ? layers : layers - n) * layerKv;
        double model = r.languageModelWeightBytes() + r.visionWeightBytes();
        out.gpuMemory(gpuWeights, n * gpuLayerKv, act, c.runtime().gpuReservedBytes())
                .memory(model, r.visionWeightBytes(), hostBytes, layers * layerKv)
                .placement(n, (double) n / layers, (double) n / layers)
                .sparsity(0, 0);
        if (split.kvSplit()) {
            out.infeasible(PreBackendOffload.SPLIT_KV);
        }
        if (e.rejected(o -> o.requireGpuRoom(gpu, fixed).requireGpuMemory(gpu, LayerSetting.GPU_LAYERS, n)
                .requireHostMemory(w.platform(), hostBytes))) {
            return out.build();
        }
        // a step with layers, the head or the KV cache on the host is split between the two devices
        ExecutionUnit g = ExecutionUnit.gpuOf(w, c, n < layers || !headOnGpu || kvHost);
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(w, c);
        int cpuLayers = layers - n;
        double handoff = LinkTime.seconds(w, c,
                w.batch() * m.hiddenSize() * Units.FP32_BYTES, 1) * crossings(n, headOnGpu);

        // prefill
        double vision = VisionEncode.gpuSeconds(r, c);
        Op[] pre = r.prefillLayer();
        Op[] preHead = r.prefillHead();
        double gpuPrefill = n * Roofline.seconds(pre, g) + (headOnGpu ? Roofline.seconds(preHead, g) : 0)
                + g.overhead(n, 1);
        double cpuPrefill;
        double linkPrefill = LinkTime.seconds(w, c,
                (double) w.batch() * r.promptTokens() * m.hiddenSize() * Units.FP32_BYTES, 1)
                * crossings(n, headOnGpu);
        double tokens = (double) w.batch() * r.promptTokens();
        boolean promptProducts = tokens >= c.runtime().offloadMinBatchTokens();
        // a build before ggml-backend: the CPU's thread pool walks every node of a graph not wholly offloaded, so the
        // GPU layers pay its per-layer barriers too (RuntimeConstants#hostDrivenGraph)
        boolean hostDriven = kvHost && c.hostDrivenGraph(gpu);
        if (cpuLayers > 0 && promptProducts) {
            // matrix products of CPU layers run on the GPU; weights cross the link once per ubatch from the
            // memory-mapped model file, so through the driver's pageable staging copy (as MoeOffload's experts),
            // or pinned where the run loaded them with --no-mmap (OffloadCopy.weightSeconds);
            // of an MoE layer only the experts a ubatch uses (OffloadCopy), the rest of the layer every ubatch
            double ub = c.runtime().ubatchTokens();
            double ubatches = OffloadCopy.ubatches(tokens, ub);
            double experts = routedExpertBytes(m, wb);
            double copied = ubatches * (layerWeights - experts)
                    + experts * OffloadCopy.expertSetCopies(m.moe(), tokens, ub);
            linkPrefill += OffloadCopy.weightSeconds(w, c, cpuLayers * copied, ubatches * cpuLayers);
            if (kvHost) {
                // -nkvo pins the attention to the CPU; a host-driven graph (its cache in host memory) prices its
                // attention its own way (below)
                gpuPrefill += cpuLayers * (Roofline.seconds(pre, g) - Roofline.seconds(pre, g, OpKind.ATTENTION));
                cpuPrefill = cpuLayers * Roofline.seconds(pre, cpu, OpKind.ATTENTION);
            } else {
                // the scheduler runs the ops between the offloaded products on the GPU too ("cpu will never be used
                // unless weights are on cpu, or there are no gpu ops between cpu ops": ggml_backend_sched_split_graph's
                // pass 2), attention included: each ubatch copies the layer's K and V views up from the host cache,
                // and its new K and V down into it (the cache write's destination is a host tensor)
                gpuPrefill += cpuLayers * Roofline.seconds(pre, g);
                cpuPrefill = 0;
                linkPrefill += LinkTime.pageableSeconds(w, c, cpuLayers * hostCacheViewBytes(m, w, r, tokens, ub),
                        ubatches * cpuLayers * HOST_CACHE_COPIES);
            }
        } else {
            cpuPrefill = cpuLayers * Roofline.seconds(pre, cpu) + cpu.overhead(cpuLayers, 1);
        }
        cpuPrefill += headOnGpu ? 0 : Roofline.seconds(preHead, cpu);
        if (kvHost && n > 0) {
            // the GPU layers' attention runs on the CPU over the host cache: Q, K, V down and the output back
            gpuPrefill -= n * Roofline.seconds(pre, g, OpKind.ATTENTION);
            cpuPrefill += n * Roofline.seconds(pre, cpu, OpKind.ATTENTION);
            linkPrefill += n * LinkTime.seconds(w, c, qkvoBytes(m, tokens), hostKvSyncs(hostDriven));
        }
        if (hostDriven) {
            cpuPrefill += cpu.overhead(n, 1);
            if (promptProducts) {
                // every layer's score and value products go to the GPU with their host operands (HostKvAttention)
                HostKvAttention a = HostKvAttention.of(w, c, pre, g, cpu);
                cpuPrefill += layers * (a.cpuSeconds() - Roofline.seconds(pre, cpu, OpKind.ATTENTION));
                gpuPrefill += layers * a.gpuSeconds();
                linkPrefill += layers * a.linkSeconds();
                // and each CPU layer's weight products copy their F32 operand in and result out, synchronised
                linkPrefill += cpuLayers * LinkTime.seconds(w, c, tokens * productRowFloats(m) * Units.FP32_BYTES,
                        PRODUCTS_PER_LAYER);
            }
        }
        double prefill = gpuPrefill + cpuPrefill + linkPrefill;

        // decode
        Op[] head = r.decodeHead();
        Op[] step = r.decodeLayer(0);
        Op[] next = r.decodeLayer(1);
        double gpuDecode = Roofline.decodeLayersSeconds(step, next, g, n, r.decodeSteps())
                + (headOnGpu ? Roofline.seconds(head, g) * r.decodeSteps() : 0);
        double cpuDecode = Roofline.decodeLayersSeconds(step, next, cpu, cpuLayers, r.decodeSteps())
                + (headOnGpu ? 0 : Roofline.seconds(head, cpu) * r.decodeSteps());
        double linkDecode = handoff * r.decodeSteps();
        double firstStep = n * Roofline.seconds(step, g) + cpuLayers * Roofline.seconds(step, cpu)
                + Roofline.seconds(head, headOnGpu ? g : cpu) + handoff + g.stepOverhead(n, 1)
                + cpu.overhead(cpuLayers, 1);
        if (kvHost && n > 0) {
            Op[] attn = Op.ofKinds(step, OpKind.ATTENTION);
            Op[] attnNext = Op.ofKinds(next, OpKind.ATTENTION);
            double perStepLink = n * LinkTime.seconds(w, c, qkvoBytes(m, w.batch()), hostKvSyncs(hostDriven));
            gpuDecode -= n * Roofline.decodeSeconds(attn, attnNext, g, r.decodeSteps());
            cpuDecode += n * Roofline.decodeSeconds(attn, attnNext, cpu, r.decodeSteps());
            linkDecode += perStepLink * r.decodeSteps();
            firstStep += n * (Roofline.seconds(attn, cpu) - Roofline.seconds(attn, g)) + perStepLink;
        }
        if (hostDriven) {
            cpuDecode += cpu.overhead(n, r.decodeSteps());
            firstStep += cpu.overhead(n, 1);
        }
        double gpuFlops = n * Roofline.flops(step);
        double gpuBytes = n * Roofline.bytes(step);
        out.times(vision, prefill, gpuDecode + cpuDecode + linkDecode, firstStep)
                .busy(vision + gpuPrefill + gpuDecode, cpuPrefill + cpuDecode, linkPrefill + linkDecode);
        if (n > 0) {
            out.bound(g.memoryBound(gpuFlops, gpuBytes), gpuFlops / gpuBytes);
        }
        return out.build();
    }

    /**
     * Where the layer split puts things: {@code gpuLayers} whole layers on the GPU, the head there too if every layer
     * is, the count reaches past them and it fits beside them, and the KV cache in host memory under {@code -nkvo}.
     * llama.cpp counts the output layer as layer {@code n_layer}: {@code -ngl N} offloads it only for
     * {@code N > n_layer} (llama-model.cpp {@code load_tensors}: the output takes layer {@code n_layer}'s device, the
     * CPU unless {@code n_gpu_layers} exceeds {@code n_layer}; "offloaded 32/33 layers" at {@code -ngl 32}). A build
     * before ggml-backend counted two more ({@link PreBackendOffload}): up to n_layer + 1 its KV cache stays in host
     * memory as under {@code -nkvo}; at n_layer + 2 only its V cache moved ({@code kvSplit}, not priced).
     */
    public record Split(int gpuLayers, boolean headOnGpu, boolean kvOnHost, boolean kvSplit) {
    }

    /**
     * The split of {@code w} run as {@code system} (PowerInfer's dense mode keeps the KV cache with its layers), the
     * KV cache placed as {@code c}'s build placed it ({@link Calibration#hostDrivenGraph(Gpu)}, {@link PreBackendOffload}).
     */
    public static Split split(Workload w, Calibration c, RequestShape r, String system) {
        ModelSpec m = w.model();
        int layers = m.numLayers();
        double wb = w.precision().weightBytes();
        double layerWeights = m.parametersPerLayer() * wb;
        PreBackendOffload.KvPlacement built = NAME.equals(system) && c.hostDrivenGraph(w.platform().gpu())
                ? PreBackendOffload.of(w.gpuLayers(), layers) : PreBackendOffload.KvPlacement.WITH_LAYERS;
        boolean kvHost = NAME.equals(system) && (w.kvOffload() || built == PreBackendOffload.KvPlacement.HOST);
        double gpuLayerKv = kvHost ? 0 : r.kvBytesPerLayer();
        double headWeights = (m.lmHeadParameters() + m.hiddenSize()) * wb;
        double room = w.platform().gpu().memoryBytes()
                - (r.visionWeightBytes() + r.activationBytes(c) + c.runtime().gpuReservedBytes());
        int most = (int) Math.max(0, Math.min(layers, Math.floor(room / (layerWeights + gpuLayerKv))));
        int n = w.gpuLayers() < 0 ? most : Math.min(w.gpuLayers(), layers);
        boolean countsHead = w.gpuLayers() < 0 || w.gpuLayers() > layers;
        return new Split(n, n == layers && countsHead && room - layers * (layerWeights + gpuLayerKv) >= headWeights,
                kvHost, built == PreBackendOffload.KvPlacement.SPLIT);
    }

    /**
     * Routed-expert bytes of one layer, averaged over the layers as {@link ModelSpec#parametersPerLayer} is (the
     * dense FFN of a model's first dense layers is copied whole); 0 for a dense model.
     */
    private static double routedExpertBytes(ModelSpec m, double weightBytes) {
        if (!m.moe().isMoe()) {
            return 0;
        }
        double moeShare = (double) m.moe().moeLayers(m.numLayers()) / m.numLayers();
        return moeShare * m.moe().numExperts() * m.ffnParametersPerExpert() * weightBytes;
    }

    /**
     * Copies of a GPU layer's round trip to a host KV cache per pass: on the ggml-backend scheduler two (the split to
     * the CPU and back); on a host-driven graph four, the Q, K and V products' results each copied down and
     * synchronised ({@code ggml_cuda_op_mul_mat}: {@code cudaDeviceSynchronize} when the result is a host tensor), and
     * the attention output copied up as the output projection's operand.
     */
    private static int hostKvSyncs(boolean hostDriven) {
        return hostDriven ? 4 : 2;
    }

    /**
     * Floats of one token's operands and results over a layer's weight products (Q, K, V and output projections, the
     * FFN's gate, up and down; a token's k experts for an MoE FFN): what a host-driven graph copies for a CPU layer
     * whose products run on the GPU, {@code ggml_cuda_op_mul_mat} copying the host operand in and, the result being a
     * host tensor, the result out with a synchronisation. Inputs: d for Q, K, V, gate and up, the attention width for
     * the output projection, n_ff for down; results: the attention width, K and V widths, d, n_ff twice, d.
     */
    private static double productRowFloats(ModelSpec m) {
        double d = m.hiddenSize();
        double ff = m.intermediateSize() * m.moe().expertsPerToken();
        double gates = m.gatedMlp() ? 2 : 1;
        double in = 3 * d + m.qDim() + gates * d + ff;
        double out = m.qDim() + 2 * m.kvDim() + d + gates * ff + d;
        return in + out;
    }

    /**
     * Bytes one host-cache layer's K and V move over the link in a prompt whose attention runs on the GPU: each ubatch
     * copies up the views of the cells written so far (the cache's depth and the prompt's tokens up to the ubatch's
     * end) and copies its own tokens' K and V down into the cache.
     */
    private static double hostCacheViewBytes(ModelSpec m, Workload w, RequestShape r, double tokens, double ub) {
        double rowBytes = 2 * m.kvDim() * w.precision().kvBytes();
        double viewed = 0;
        for (double done = Math.min(ub, tokens); ; done = Math.min(done + ub, tokens)) {
            viewed += r.kvDepth() + done;
            if (done >= tokens) {
                break;
            }
        }
        return (viewed + tokens) * rowBytes;
    }

    /** Copies of a host-cache layer's attention per ubatch: the K and V views up, the new K and V down. */
    private static final int HOST_CACHE_COPIES = 4;

    /** Weight products of a decoder layer in a host-driven graph: Q, K, V, output, gate, up, down. */
    private static final int PRODUCTS_PER_LAYER = 7;

    /** Bytes a GPU layer sends to a host KV cache and back per pass: Q, K and V of each row down, the output up. */
    private static double qkvoBytes(ModelSpec m, double rows) {
        return rows * (2 * m.qDim() + 2 * m.kvDim()) * Units.FP32_BYTES;
    }

    /**
     * CPU-GPU boundaries a token crosses: embedding (host) to the first GPU layer, and back if the head stays on
     * the host while layers ran on the GPU.
     */
    private static int crossings(int gpuLayers, boolean headOnGpu) {
        if (gpuLayers == 0) {
            return 0;
        }
        return 1 + (headOnGpu ? 0 : 1);
    }
}
