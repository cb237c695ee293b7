package org.roofsweep.core.hardware;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a backend's matrix kernels reach a card's matrix units at all, where the backend's own code says they do
 * not. llama.cpp's Vulkan backend runs its matmul shaders on cooperative matrices (VK_KHR_cooperative_matrix) only
 * where {@code ggml_vk_khr_cooperative_matrix_support} allows them: on Intel GPUs from Xe2 on (ggml-org/llama.cpp
 * PR #14001, merged 2025-06: "enable VK_KHR_cooperative_matrix only for Xe2 GPUs until performance regression is
 * resolved for older GPUs like Arc A770"; its llama-bench table shows the B580's pp512 3.3x higher with them and the
 * A770's unchanged, 977.81 against 974.92 t/s), integrated Xe-LPG Plus added later (PR #24404, no discrete card), so
 * a discrete Alchemist card (Xe-HPG) multiplies on its FP32 vector units. Every other backend and vendor uses the
 * units the data sheet lists ({@link Efficiency#pathOn}).
 */
final class MatrixCores {
    /** The generation in a catalog architecture text: {@code Xe2-HPG Battlemage} 2, {@code Xe-HPG Alchemist} 1. */
    private static final Pattern INTEL_XE = Pattern.compile("^xe(\\d*)-");

    private MatrixCores() {
    }

    /** False where {@code backend}'s kernels leave {@code gpu}'s matrix units unused. */
    static boolean used(Backend backend, Gpu gpu) {
        if (backend != Backend.VULKAN || !gpu.vendor().equals("intel")) {
            return true;
        }
        Matcher m = INTEL_XE.matcher(gpu.architecture().toLowerCase(Locale.ROOT));
        return !m.find() || !m.group(1).isEmpty() && Integer.parseInt(m.group(1)) >= 2;
    }
}
