package org.roofsweep.core.systems;

import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.VisionSpec;
import org.roofsweep.core.request.LinkTime;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.VisionDevice;
import org.roofsweep.core.roofline.Roofline;

/**
 * Time to encode a request's images, by the path the runtime takes (docs/powerinfer-facts.md Sec. 7.4).
 *
 * <p>llama.cpp's CLIP/mtmd graph runs on the device the tower's weights live on (a GPU build: the GPU, weights in
 * VRAM; a CPU-only run: the CPU) with F16 weights whatever the language model's format, and its graph of F32
 * intermediates and about ten small ops per layer reaches only a fraction of the device's F16 matrix rate: the
 * backend's calibrated vision path ({@code configs/calibration.json} {@code vision}: a compute factor per backend,
 * fitted by {@code validate --calibrate} on image-encode measurements). Builds before llama.cpp PR #16837 run the
 * tower's attention unfused, F32 scores written, soft-maxed and read again ({@link VisionDevice}); a sweep prices
 * today's builds, which fuse it where the run has FlashAttention on.
 *
 * <p>PowerInfer's fork runs the llava example of November 2023: {@code clip_image_batch_encode} builds a plain CPU
 * graph over host-resident weights, and the CUDA build ships each matrix product of 32 or more rows to the GPU
 * ({@code ggml_cuda_compute_forward}, {@code ggml_cuda_can_mul_mat}), copying its weight and its FP32 operands over the
 * link per op and per view. So the tower holds no VRAM, and each view pays the GPU's matrix time plus those copies.
 */
final class VisionEncode {
    /** Weight matrices of one encoder layer the fork offloads: Q, K, V, O and the two MLP matrices. */
    private static final int MATMULS_PER_LAYER = 6;

    private VisionEncode() {
    }

    /** llama.cpp's CLIP graph on the platform's GPU, weights in VRAM; 0 without images. */
    static double gpuSeconds(RequestShape r, Calibration c) {
        Platform p = r.workload().platform();
        return Roofline.visionSeconds(r, VisionDevice.derated(p, Backend.forVendor(p.gpu().vendor()), c));
    }

    /** llama.cpp's CLIP graph on the host CPU (a CPU-only run); 0 without images. */
    static double cpuSeconds(RequestShape r, Calibration c) {
        return Roofline.visionSeconds(r, VisionDevice.derated(r.workload().platform(), Backend.CPU, c));
    }

    /** The fork's CLIP path: the same graph's time on the GPU plus {@link #forkLinkSeconds}; 0 without images. */
    static double forkSeconds(Workload w, Calibration c, RequestShape r) {
        return r.hasImages() ? gpuSeconds(r, c) + forkLinkSeconds(w, c, r) : 0;
    }

    /**
     * The fork's copies over the link, per view: the tower's FP16 weights and each offloaded product's FP32 input and
     * output ({@link #forkLinkActivationBytesPerView}), one synchronous copy each way per product; 0 without images.
     */
    static double forkLinkSeconds(Workload w, Calibration c, RequestShape r) {
        if (!r.hasImages()) {
            return 0;
        }
        return r.visionViews() * LinkTime.seconds(w, c, r.visionWeightBytes() + forkLinkActivationBytesPerView(w, r),
                2.0 * MATMULS_PER_LAYER * w.model().vision().layersUsed());
    }

    /**
     * Activation bytes the fork copies per view: the inputs of Q, K, V, O and the MLP (5 d + n_ff FP32 values per
     * token) and as many outputs, in every layer used.
     */
    static double forkLinkActivationBytesPerView(Workload w, RequestShape r) {
        VisionSpec v = w.model().vision();
        double d = v.hiddenSize();
        double perTokenFloats = 2 * (5 * d + v.intermediateSize());
        return v.layersUsed() * r.visionTokensPerView() * perTokenFloats * Units.FP32_BYTES;
    }
}
