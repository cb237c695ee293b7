package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
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
 * @param denseGpu dense block of one layer in a decode step (at the first step's context)
 * @param denseCpu the same on the CPU
 * @param denseFlops FLOPs of that dense block
 * @param denseBytes bytes it moves
 * @param attnStepGpu attention of one layer in the first decode step
 * @param attnStepCpu the same on the CPU
 * @param attnDecodeGpu attention of one layer over all decode steps, exact over the growing context
 * @param attnDecodeCpu the same on the CPU
 * @param headGpu the head of one decode step
 * @param headCpu the same on the CPU
 * @param preDenseGpu dense block of one layer in the prefill
 * @param preDenseCpu the same on the CPU
 * @param preAttnGpu attention of one layer in the prefill
 * @param preAttnCpu the same on the CPU
 * @param preHeadGpu the head of the prefill
 * @param preHeadCpu the same on the CPU
 * @param vision the vision tower and projector over every image of the batch, on the GPU
 */
record PassTimes(ExecutionUnit gpu, ExecutionUnit cpu, double denseGpu, double denseCpu, double denseFlops,
        double denseBytes, double attnStepGpu, double attnStepCpu, double attnDecodeGpu, double attnDecodeCpu,
        double headGpu, double headCpu, double preDenseGpu, double preDenseCpu, double preAttnGpu, double preAttnCpu,
        double preHeadGpu, double preHeadCpu, double vision) {
    private static final OpKind[] DENSE_KINDS = {OpKind.PROJECTION, OpKind.ELEMENTWISE, OpKind.ROUTER};

    static PassTimes of(Workload w, Calibration c, RequestShape r) {
        var gpu = w.platform().gpu();
        ExecutionUnit g = ExecutionUnit.gpu(gpu, c.gpu(gpu), w.precision());
        ExecutionUnit cpu = ExecutionUnit.cpu(w.platform().cpu(), w.platform().hostBandwidthBytesPerSecond(), c.cpu(),
                w.precision());
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
                Roofline.seconds(preHead, cpu), r.visionSeconds(g));
    }
}
