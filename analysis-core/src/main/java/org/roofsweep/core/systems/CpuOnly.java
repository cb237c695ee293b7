package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.MoeSpec;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * llama.cpp with no GPU: every layer, the head, the KV cache and the vision tower on the host CPU, streaming from
 * host DRAM at the platform's bandwidth times the CPU's memory efficiency. The platform's GPU is not used. The same
 * CPU roofline that {@code layer-offload} and {@code powerinfer} price their CPU share with, so measurements of this
 * system validate theirs. Does not fit when weights + KV + activations exceed the host memory.
 */
public final class CpuOnly implements InferenceSystem {
    public static final String NAME = "cpu-only";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        Evaluating e = Evaluating.start(NAME, ExecutionMode.DENSE, w, c);
        RequestShape r = e.r();
        Result.Builder out = e.out();
        int layers = w.model().numLayers();
        double weightBytes = r.languageModelWeightBytes() + r.visionWeightBytes();
        double kvBytes = layers * r.kvBytesPerLayer();
        double hostBytes = weightBytes + kvBytes + r.activationBytes(c);
        // the tower's weights stay in host memory with the rest: none in VRAM
        out.gpuMemory(0, 0, 0, 0)
                .memory(weightBytes, 0, hostBytes, kvBytes)
                .placement(0, 0, 0)
                .sparsity(0, 0);
        if (e.rejected(o -> o.requireHostMemory(w.platform(), hostBytes))) {
            return out.build();
        }
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(w, c);
        double visionSeconds = VisionEncode.cpuSeconds(r, c);
        double prefillSeconds = layers * Roofline.seconds(r.prefillLayer(), cpu)
                + Roofline.seconds(r.prefillHead(), cpu) + cpu.overhead(layers, 1) + promptExpertSeconds(w, c, r);
        Op[] step = r.decodeLayer(0);
        double headSeconds = Roofline.seconds(r.decodeHead(), cpu);
        double decodeSeconds = Roofline.decodeLayersSeconds(step, r.decodeLayer(1), cpu, layers, r.decodeSteps())
                + headSeconds * r.decodeSteps();
        double firstStepSeconds = layers * Roofline.seconds(step, cpu) + headSeconds + cpu.overhead(layers, 1);
        return out.times(visionSeconds, prefillSeconds, decodeSeconds, firstStepSeconds)
                .busy(0, visionSeconds + prefillSeconds + decodeSeconds, 0)
                .build();
    }

    /**
     * The fixed cost of the expert matrices a prompt multiplies beyond the k per token that the layer cost
     * ({@link ExecutionUnit#hostCpuOf}, counted once for the prefill) holds: each ubatch runs every expert its tokens
     * were routed to ({@link ExecutionUnit#promptExpertMatrices}; under uniform routing E (1 - (1 - k/E)^T) of them,
     * {@link MoeSpec#expertsTouchedInUbatches}), each at the CPU's fitted {@link Calibration#cpuExpertSeconds}.
     */
    static double promptExpertSeconds(Workload w, Calibration c, RequestShape r) {
        if (!w.model().moe().isMoe() || c.runtime() == null) {
            return 0;
        }
        double tokens = r.meanPrefillTokensPerLayer();
        double touched = w.model().moe().expertsTouchedInUbatches(tokens, c.runtime().ubatchTokens());
        double perToken = w.model().numLayers() * ExecutionUnit.expertMatricesPerLayer(w.model());
        return c.cpuExpertSeconds() * (ExecutionUnit.promptExpertMatrices(w.model(), touched) - perToken);
    }
}
