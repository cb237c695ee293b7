package org.roofsweep.core.roofline;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * The per-operator roofline of a workload on its GPU, as LLM-Viewer lays it out: every op of a prefill layer, of a
 * decode layer at the prompt's context, of the head, and of the vision encoder, each with its FLOPs, bytes,
 * arithmetic intensity and attained FLOP/s. The rows of the {@code operators} table and of the roofline charts.
 */
public final class OperatorBreakdown {
    private OperatorBreakdown() {
    }

    /**
     * One op in one phase placed on the GPU's roofline: {@code repeat} is how many times the phase runs it (e.g. the
     * layer count), {@code seconds} its time times that, and the unit's ceilings it was timed against.
     */
    public record Row(String phase, Op op, double repeat, double seconds, double intensity,
            double attainedFlopsPerSecond, boolean memoryBound, double peakFlopsPerSecond,
            double peakBytesPerSecond) {
    }

    public static List<Row> of(Workload w, Calibration c) {
        Gpu gpu = w.platform().gpu();
        ExecutionUnit unit = ExecutionUnit.gpuOf(w, c);
        RequestShape r = RequestShape.of(w, c);
        List<Row> rows = new ArrayList<>();
        if (!r.problem().isEmpty()) {
            return rows;
        }
        int layers = w.model().numLayers();
        // visual-token pruning: the layers after it run fewer tokens, a phase of their own
        int pruned = r.prunedLayers();
        add(rows, "prefill", r.prefillLayerOf(r.promptTokens()), unit, layers - pruned);
        if (pruned > 0) {
            add(rows, "prefill_pruned", r.prefillLayerOf(r.prunedPromptTokens()), unit, pruned);
        }
        add(rows, "prefill_head", r.prefillHead(), unit, 1);
        add(rows, "decode", r.decodeLayer(0), unit, layers);
        add(rows, "decode_head", r.decodeHead(), unit, 1);
        if (r.hasImages()) {
            // the tower on its backend's vision path (the CLIP graph's F16 rate), as the systems price it
            VisionDevice vision = VisionDevice.derated(w.platform(), Backend.forVendor(gpu.vendor()), c);
            for (Op op : vision.encoderLayer(r)) {
                add(rows, "vision", new Op[] {op}, vision.unitFor(op), w.model().vision().layersUsed());
            }
            add(rows, "vision_projector", r.visionProjector(), vision.matrix(), 1);
        }
        return rows;
    }

    private static void add(List<Row> rows, String phase, Op[] ops, ExecutionUnit unit, double repeat) {
        for (Op op : ops) {
            double s = unit.seconds(op);
            rows.add(new Row(phase, op, repeat, s * repeat, op.arithmeticIntensity(), s > 0 ? op.flops() / s : 0,
                    unit.memoryBound(op), unit.flopsPerSecondOf(op), unit.bytesPerSecond()));
        }
    }
}
