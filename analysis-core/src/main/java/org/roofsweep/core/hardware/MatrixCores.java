package org.roofsweep.core.hardware;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a backend's float-path matrix kernels gain anything from a card's matrix instructions, decided from the
 * architecture where the data-sheet ratio (an F16 rate above twice the FP32 rate, {@link Efficiency#pathOn}) cannot
 * tell. Two cases, each from its source:
 *
 * <ul>
 *   <li>AMD GCN, RDNA 1, RDNA 2 and RDNA 3: no matrix rate above the vector rate. GCN and RDNA 1/2 have no matrix
 *       instructions; RDNA 3's WMMA runs at 512 FP16 FLOP per clock per CU, the rate of its dual-issued packed FP16
 *       vector math (AMD GPUOpen, "Using the Matrix Cores of AMD RDNA 4 architecture GPUs", FLOPS/clock/CU table), so
 *       a float matmul runs at the vector rate whether or not a shader uses WMMA. The catalog's FP32 figure counts
 *       dual issue, which puts the F16 figure at exactly twice it and leaves the data-sheet test to rounding. RDNA 4
 *       (1024 per CU) and CDNA's MFMA units do run faster than the vectors.</li>
 *   <li>llama.cpp's Vulkan backend on Intel before Xe2: {@code ggml_vk_khr_cooperative_matrix_support} enables
 *       cooperative matrices on Intel only from Xe2 on (ggml-org/llama.cpp PR #14001, merged 2025-06: "only for Xe2
 *       GPUs until performance regression is resolved for older GPUs like Arc A770"; its llama-bench table shows the
 *       B580's pp512 3.3x higher with them and the A770's unchanged, 977.81 against 974.92 t/s), integrated Xe-LPG
 *       Plus added later (PR #24404, no discrete card), so a discrete Alchemist card (Xe-HPG) multiplies on its FP32
 *       vector units under Vulkan.</li>
 * </ul>
 */
final class MatrixCores {
    /** The generation in a catalog architecture text: {@code Xe2-HPG Battlemage} 2, {@code Xe-HPG Alchemist} 1. */
    private static final Pattern INTEL_XE = Pattern.compile("^xe(\\d*)-");
    /** {@code RDNA 3 (Navi 31, gfx1100)}: 3. */
    private static final Pattern AMD_RDNA = Pattern.compile("^rdna (\\d+)");

    private MatrixCores() {
    }

    /** False where {@code backend}'s float matmuls on {@code gpu} run no faster than its vector units. */
    static boolean used(Backend backend, Gpu gpu) {
        String arch = gpu.architecture().toLowerCase(Locale.ROOT);
        if (gpu.vendor().equals("amd")) {
            Matcher rdna = AMD_RDNA.matcher(arch);
            return !arch.startsWith("gcn") && !(rdna.find() && Integer.parseInt(rdna.group(1)) <= 3);
        }
        if (backend == Backend.VULKAN && gpu.vendor().equals("intel")) {
            Matcher xe = INTEL_XE.matcher(arch);
            return !xe.find() || !xe.group(1).isEmpty() && Integer.parseInt(xe.group(1)) >= 2;
        }
        return true;
    }
}
