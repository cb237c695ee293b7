package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * Everything on the GPU: weights, KV cache, activations, vision tower. The classic roofline of arXiv 2402.16363.
 * Does not fit when weights + KV + activations + the runtime's reserve exceed GPU memory.
 */
public final class DenseGpu implements InferenceSystem {
    public static final String NAME = "dense-gpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result evaluate(Workload w, Calibration c) {
        Evaluating e = Evaluating.start(NAME, ExecutionMode.DENSE, w, c);
        RequestShape r = e.r();
        Result.Builder out = e.out();
        Gpu gpu = w.platform().gpu();
        int layers = w.model().numLayers();
        double weightBytes = r.languageModelWeightBytes() + r.visionWeightBytes();
        double kvBytes = layers * r.kvBytesPerLayer();
        out.gpuMemory(weightBytes, kvBytes, r.activationBytes(c), c.runtime().gpuReservedBytes())
                .memory(weightBytes, r.visionWeightBytes(), 0, kvBytes)
                .placement(layers, 1, 1)
                .sparsity(0, 0);
        if (e.rejected(o -> o.requireGpuMemory(gpu, LayerSetting.NONE, 0))) {
            return out.build();
        }
        ExecutionUnit unit = ExecutionUnit.gpuOf(w, c);
        double visionSeconds = VisionEncode.gpuSeconds(r, c);
        double prefillSeconds = layers * Roofline.seconds(r.prefillLayer(), unit)
                + Roofline.seconds(r.prefillHead(), unit) + unit.overhead(layers, 1);
        Op[] step = r.decodeLayer(0);
        Op[] head = r.decodeHead();
        double headSeconds = Roofline.seconds(head, unit);
        double decodeSeconds = Roofline.decodeLayersSeconds(step, r.decodeLayer(1), unit, layers, r.decodeSteps())
                + headSeconds * r.decodeSteps();
        double firstStepSeconds = layers * Roofline.seconds(step, unit) + headSeconds + unit.stepOverhead(layers, 1);
        double stepFlops = layers * Roofline.flops(step) + Roofline.flops(head);
        double stepBytes = layers * Roofline.bytes(step) + Roofline.bytes(head);
        return out.times(visionSeconds, prefillSeconds, decodeSeconds, firstStepSeconds)
                .busy(visionSeconds + prefillSeconds + decodeSeconds, 0, 0)
                .bound(unit.memoryBound(stepFlops, stepBytes), stepFlops / stepBytes)
                .build();
    }
}
