package org.roofsweep.core.roofline;

import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.hardware.VisionPath;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.OpKind;
import org.roofsweep.core.request.RequestShape;

/**
 * The device a backend's CLIP/mtmd graph runs a vision tower on: {@code matrix} prices the tower's F16-weight products
 * and its element-wise ops, {@code vector} the products of two F32 activations ({@link OpKind#VISION_F32}, the
 * attention of a graph without FlashAttention), {@code fusedAttention} is whether the build fuses that attention
 * ({@link VisionPath#fusedAttention}) and {@code graphPerView} whether it computes a graph per view
 * ({@link VisionPath#graphPerView}; else one per image).
 *
 * <p>{@code vector} runs at {@code matrix}'s rate times FP32 peak / F16 matrix peak: F32 x F32 products go to the
 * FP32 units (ggml's CUDA backend hands them to cuBLAS SGEMM, no tensor cores), taken to reach the same share of
 * their peak that the F16 products reach of theirs; on the CPU both run on the same FMA units (ratio 1).
 */
public record VisionDevice(ExecutionUnit matrix, ExecutionUnit vector, boolean fusedAttention, boolean graphPerView) {

    /**
     * The device before the vision derating: the platform's GPU at the backend's efficiencies (times the family
     * deviation) at its F16 matrix rate (the tower's weights are F16 whatever the language model's format), or, for
     * {@link Backend#CPU}, the host CPU's F16 compute path streaming from host memory.
     */
    public static VisionDevice of(Platform p, Backend backend, Calibration c) {
        VisionPath path = c.vision(backend);
        if (backend == Backend.CPU) {
            ExecutionUnit cpu = ExecutionUnit.cpu(p.cpu(), p.hostBandwidthBytesPerSecond(), c.cpu(), Precision.FP16);
            return new VisionDevice(cpu, cpu, path.fusedAttention(), path.graphPerView());
        }
        ExecutionUnit gpu = ExecutionUnit.gpu(p.gpu(), c.gpu(p.gpu(), backend), Precision.FP16);
        double f16Peak = p.gpu().peak().forPrecision(Precision.FP16);
        double fp32Peak = p.gpu().peak().fp32();
        double ratio = Double.isNaN(fp32Peak) ? 1 : Math.min(1, fp32Peak / f16Peak);
        return new VisionDevice(gpu, gpu.withComputeFactor(ratio), path.fusedAttention(), path.graphPerView());
    }

    /** {@link #of} derated by the backend's vision compute factor: the device as the CLIP graph uses it. */
    public static VisionDevice derated(Platform p, Backend backend, Calibration c) {
        return of(p, backend, c).withComputeFactor(c.vision(backend).computeFactor());
    }

    /** A copy with both compute paths derated by {@code factor}. */
    public VisionDevice withComputeFactor(double factor) {
        return new VisionDevice(matrix.withComputeFactor(factor), vector.withComputeFactor(factor), fusedAttention,
                graphPerView);
    }

    /**
     * The fixed cost of the tower's kernel launches: the backend's cost per layer ({@link ExecutionUnit#overhead},
     * {@code calibration.json}'s {@code launch_us_per_layer} of the GPU's backend, fitted on decode rows; on the CPU
     * its per-layer sync, {@code sync_us_per_layer_thread} times the run's threads) once per used encoder layer and
     * graph. llama.cpp's CLIP graph is built and computed once per view: {@code clip_image_batch_encode} takes one
     * image (tools/mtmd/clip.cpp: "implement batch size > 1 as a loop"; examples/llava's {@code encode_image_with_clip}
     * loops {@code clip_image_encode} over a LLaVA-1.6 image's views), so every view launches every layer's kernels;
     * a build with {@code graphPerView} off launches them once per image.
     * A CLIP layer (LayerNorm, Q/K/V and output products with their biases, attention, the two MLP products and
     * GELU, two residual adds: about twenty kernels) is taken to launch as many as a decoder layer. Not a fitted
     * vision parameter: the backend's own figure. 0 without images.
     */
    public double launchSeconds(RequestShape r) {
        if (!r.hasImages()) {
            return 0;
        }
        double graphs = graphPerView ? r.visionViews() : (double) r.batch() * r.workload().images();
        return matrix.overhead(r.workload().model().vision().layersUsed(), graphs);
    }

    /** The unit that prices {@code op}. */
    public ExecutionUnit unitFor(Op op) {
        return op.kind() == OpKind.VISION_F32 ? vector : matrix;
    }

    /** The time of {@code op} on its unit. */
    public double seconds(Op op) {
        return unitFor(op).seconds(op);
    }

    /** One encoder layer of {@code r} as this device's build runs it ({@link RequestShape#visionEncoderLayer}). */
    public Op[] encoderLayer(RequestShape r) {
        return r.visionEncoderLayer(fusedAttention);
    }
}
