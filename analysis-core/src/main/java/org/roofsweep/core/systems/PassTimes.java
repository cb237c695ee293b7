package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.roofline.Roofline;

/**
 * The roofline times of a workload's passes that neither a placement nor the sparsity changes, on the GPU and on the
 * CPU: per layer its dense block (projections, elementwise ops, MoE router; predictors not included) and its
 * attention, the head, and the vision tower. {@link SparseExecution} adds what sparsity changes; PowerInfer prices both
 * of its KV-cache placements from one set, so their operator graphs are built once.
 *
 * @param gpu the GPU at dense-kernel efficiency
 * @param cpu the CPU at dense-kernel efficiency
 * @param stepDenseGpuSeconds dense block of one layer in a decode step (at the first step's context)
 * @param stepDenseCpuSeconds the same on the CPU
 * @param stepDenseFlops FLOPs of that dense block
 * @param stepDenseBytes bytes it moves
 * @param firstStepAttnGpuSeconds attention of one layer in the first decode step
 * @param firstStepAttnCpuSeconds the same on the CPU
 * @param decodeAttnGpuSeconds attention of one layer over all decode steps, exact over the growing context
 * @param decodeAttnCpuSeconds the same on the CPU
 * @param stepHeadGpuSeconds the head of one decode step
 * @param stepHeadCpuSeconds the same on the CPU
 * @param prefillDenseGpuSeconds dense block of one layer in the prefill
 * @param prefillDenseCpuSeconds the same on the CPU
 * @param prefillAttnGpuSeconds attention of one layer in the prefill
 * @param prefillAttnCpuSeconds the same on the CPU
 * @param prefillHeadGpuSeconds the head of the prefill
 * @param prefillHeadCpuSeconds the same on the CPU
 * @param visionSeconds the vision tower and projector over every image of the batch, by the runtime's path
 *     ({@link VisionEncode})
 */
record PassTimes(ExecutionUnit gpu, ExecutionUnit cpu, double stepDenseGpuSeconds, double stepDenseCpuSeconds,
        double stepDenseFlops, double stepDenseBytes, double firstStepAttnGpuSeconds, double firstStepAttnCpuSeconds,
        double decodeAttnGpuSeconds, double decodeAttnCpuSeconds, double stepHeadGpuSeconds, double stepHeadCpuSeconds,
        double prefillDenseGpuSeconds, double prefillDenseCpuSeconds, double prefillAttnGpuSeconds,
        double prefillAttnCpuSeconds, double prefillHeadGpuSeconds, double prefillHeadCpuSeconds, double visionSeconds) {
    private static final OpKind[] DENSE_KINDS = {OpKind.PROJECTION, OpKind.ELEMENTWISE, OpKind.ROUTER,
        OpKind.DENSE_FFN};

    static PassTimes of(Workload w, Calibration c, RequestShape r) {
        return of(w, c, r, SparseKernels.TODAY);
    }

    /** The pass times, the vision tower's by llama.cpp's CLIP graph or, under the fork's kernels, by the fork's. */
    static PassTimes of(Workload w, Calibration c, RequestShape r, SparseKernels kernels) {
        ExecutionUnit g = ExecutionUnit.gpuOf(w, c);
        ExecutionUnit cpu = ExecutionUnit.hostCpuOf(w, c);
        int steps = r.decodeSteps();

        // the dense kinds are summed in place, in the graph's order (as over Op.ofKinds of them)
        Op[] step0 = r.decodeLayer(0);
        Op[] attn0 = Op.ofKinds(step0, OpKind.ATTENTION);
        Op[] attn1 = r.decodeAttention(1);
        Op[] head = r.decodeHead();
        Op[] pre = r.prefillLayer();
        Op[] preHead = r.prefillHead();

        return new PassTimes(g, cpu, Roofline.seconds(step0, g, DENSE_KINDS), Roofline.seconds(step0, cpu, DENSE_KINDS),
                Roofline.flops(step0, DENSE_KINDS), Roofline.bytes(step0, DENSE_KINDS), Roofline.seconds(attn0, g),
                Roofline.seconds(attn0, cpu), Roofline.decodeSeconds(attn0, attn1, g, steps),
                Roofline.decodeSeconds(attn0, attn1, cpu, steps), Roofline.seconds(head, g),
                Roofline.seconds(head, cpu), Roofline.seconds(pre, g, DENSE_KINDS),
                Roofline.seconds(pre, cpu, DENSE_KINDS), Roofline.seconds(pre, g, OpKind.ATTENTION),
                Roofline.seconds(pre, cpu, OpKind.ATTENTION), Roofline.seconds(preHead, g),
                Roofline.seconds(preHead, cpu), kernels == SparseKernels.FORK ? VisionEncode.forkSeconds(w, c, r)
                        : VisionEncode.gpuSeconds(r, c));
    }
}
