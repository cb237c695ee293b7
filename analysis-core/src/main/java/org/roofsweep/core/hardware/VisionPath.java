package org.roofsweep.core.hardware;

import java.time.LocalDate;

/**
 * How fast one runtime backend runs a vision tower (llama.cpp's CLIP/mtmd graph): {@code computeFactor} is the
 * fraction of the backend's F16 matrix rate (a GPU: its fitted {@code f16_gemm} efficiency times the family deviation;
 * the host CPU: its F16 compute efficiency) that the tower's graph of F32 intermediates and small ops reaches, and
 * {@code status} says where it comes from: {@code fitted} to image-encode measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no row backs).
 * {@code fusedAttention} says whether the build's CLIP graph can run its attention as one FlashAttention op (builds
 * from {@link #FUSED_ATTENTION_SINCE} on) or writes, soft-maxes and re-reads every F32 score (earlier builds).
 * {@code graphPerView} says whether the build computes one graph per view (llama.cpp's llava and mtmd: every view
 * launches every layer's kernels) or one graph over all views of an image ({@link #viewsInOneGraph}).
 */
public record VisionPath(double computeFactor, String status, boolean fusedAttention, boolean graphPerView)
        implements java.io.Serializable {
    /** The smallest compute factor {@code calibration.json} accepts, and the lower end of the calibrator's search. */
    public static final double MIN_COMPUTE_FACTOR = 0.001;

    /**
     * The first llama.cpp build whose CLIP graph fuses attention: PR #16837 ("clip : use FA", opened 2025-10-29,
     * in review on 2025-11-01) made {@code clip_graph::build_attn} call {@code ggml_flash_attn_ext} when the
     * run's flash-attention setting is on or {@code auto} and the backend supports the op (clip's warm-up tries it and
     * falls back with "flash attention not supported, memory usage will increase"); PR #16962 (2025-11-03) added
     * CUDA's kernels for head size 72, SigLIP's (Gemma 3, Qwen3-VL), without which auto falls back on CUDA. The date
     * taken is the day after the second.
     */
    public static final LocalDate FUSED_ATTENTION_SINCE = LocalDate.of(2025, 11, 4);

    public VisionPath {
        if (!(computeFactor > 0 && computeFactor <= 1)) {
            throw new IllegalArgumentException("vision compute factor must be in (0, 1], found " + computeFactor);
        }
        if (!BackendCalibration.knownStatus(status)) {
            throw new IllegalArgumentException("vision calibration status must be fitted, uncalibrated or "
                    + "borrowed:<backend>, found " + status);
        }
    }

    /** A path of today's builds, whose CLIP graph fuses attention and is computed once per view. */
    public VisionPath(double computeFactor, String status) {
        this(computeFactor, status, true, true);
    }

    /** This path as a build made on {@code built} runs it: attention unfused before {@link #FUSED_ATTENTION_SINCE}. */
    public VisionPath builtOn(LocalDate built) {
        return new VisionPath(computeFactor, status, !built.isBefore(FUSED_ATTENTION_SINCE), graphPerView);
    }

    /**
     * This path as a build that computes all views of an image in one graph: the mid-2024 {@code llama-internvl-cli}
     * fork's {@code clip_image_build_graph} (ggerganov/llama.cpp examples/internvl/clip.cpp at 1e8646b) takes the
     * image's whole batch of views as the input tensor's fourth dimension, so each layer's kernels launch once.
     */
    public VisionPath viewsInOneGraph() {
        return new VisionPath(computeFactor, status, fusedAttention, false);
    }
}
