package org.roofsweep.core.hardware;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roofsweep.core.model.Precision;

/**
 * Where llama.cpp's HIP build multiplies a quantized prompt by dequantizing its weights to F16 and calling hipBLAS
 * (rocBLAS) instead of its int8 MMQ kernels, the rule of {@code ggml_cuda_should_use_mmq} (ggml/src/ggml-cuda/mmq.cu,
 * ggml-org/llama.cpp, the same text from commit b75c39127609061756e3c2ed85b1f4f0b476bb8f through the 2026 copies read
 * for docs/rocm-kernel-paths.md Sec. 5) on CDNA 1 and CDNA 2 ({@code amd_mfma_available}, not CDNA 3): MFMA MMQ for
 * Q4_0, Q4_1, Q5_0 and Q5_1 at any batch, for Q4_K and Q5_K up to 256 rows of the product ({@code ne11}), for every
 * other format up to 128; hipBLAS above. PR #22051's MI100 table is the check: IQ1_S, IQ4_NL, IQ4_XS and Q5_K_S at
 * micro-batch 512 run within 2.2% of one rate (3159-3229 t/s), Q5_1 (MMQ) at 1095.
 *
 * <p>Not modelled: MMQ for MoE models of more than 64 experts on these cards; RDNA 3.0's Q6_K and Q2_K above 128 rows
 * (a Q4_K_M model's Q6_K tensors: the path is per tensor, the model prices one format per model); RDNA 4, CDNA 3,
 * RDNA 2 and GCN run MMQ at every batch in those builds. A weight format stated only as bits keeps the backend's path.
 */
final class HipBlasPrompts {
    /** {@code CDNA 1 (Arcturus, gfx908)}: 1. */
    private static final Pattern CDNA = Pattern.compile("^cdna (\\d+)");
    /** Q4_0, Q4_1, Q5_0, Q5_1 at the start of a format name: MMQ at any batch. */
    private static final Pattern LEGACY = Pattern.compile("^q[45]_[01](?![a-z0-9_])");
    /** Q4_K and Q5_K (Q4_K_M, Q5_K_S ...): MMQ up to 256 rows. */
    private static final Pattern K45 = Pattern.compile("^q[45]_k");
    /** {@code ne11} up to which MMQ runs every format, and Q4_K/Q5_K. */
    private static final double ANY_FORMAT_ROWS = 128;
    private static final double K45_ROWS = 256;

    private HipBlasPrompts() {
    }

    /**
     * True where {@code backend} on {@code gpu} sends products over weights of {@code p} with {@code rows} prompt rows
     * per micro-batch ({@code ne11}) to dequantize + hipBLAS.
     */
    static boolean taken(Backend backend, Gpu gpu, Precision p, double rows) {
        if (backend != Backend.ROCM || !Efficiency.quantized(p) || p.format().isEmpty()) {
            return false;
        }
        Matcher cdna = CDNA.matcher(gpu.architecture().toLowerCase(Locale.ROOT));
        if (!cdna.find() || Integer.parseInt(cdna.group(1)) > 2 || LEGACY.matcher(p.format()).find()) {
            return false;
        }
        return rows > (K45.matcher(p.format()).find() ? K45_ROWS : ANY_FORMAT_ROWS);
    }
}
