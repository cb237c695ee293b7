package org.roofsweep.core.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime backend a llama.cpp build runs a device's kernels through. Efficiencies belong to a backend and a
 * kernel path, not to a card: the same CUDA build launches the same kernels on a GeForce and on a pro card.
 */
public enum Backend {
    CUDA("cuda", "CUDA"),
    ROCM("rocm", "ROCm", "HIP"),
    METAL("metal", "Metal"),
    VULKAN("vulkan", "Vulkan"),
    SYCL("sycl", "SYCL", "oneAPI"),
    CPU("cpu");

    private final String key;
    private final List<String> words;

    Backend(String key, String... words) {
        this.key = key;
        this.words = List.of(words);
    }

    public String key() {
        return key;
    }

    /** The backend a vendor's GPUs run by default: NVIDIA CUDA, AMD ROCm/HIP, Apple Metal, Intel SYCL. */
    public static Backend forVendor(String vendor) {
        return switch (vendor) {
            case "nvidia" -> CUDA;
            case "amd" -> ROCM;
            case "apple" -> METAL;
            case "intel" -> SYCL;
            default -> throw new IllegalArgumentException("no default backend for GPU vendor " + vendor);
        };
    }

    public static Optional<Backend> byKey(String key) {
        for (Backend b : values()) {
            if (b.key.equals(key)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * The one GPU backend a measurement's framework text names ({@code llama.cpp Vulkan (build 086a63e3a)}); empty
     * when it names none or several ({@code llama.cpp (CUDA/Metal, ~May 2024)}: then the vendor's default applies).
     */
    public static Optional<Backend> named(String framework) {
        String text = framework.toLowerCase(Locale.ROOT);
        List<Backend> found = new ArrayList<>();
        for (Backend b : values()) {
            for (String w : b.words) {
                if (text.matches(".*\\b" + w.toLowerCase(Locale.ROOT) + "\\b.*") && !found.contains(b)) {
                    found.add(b);
                }
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
