package org.roofsweep.core.hardware;

import java.util.List;
import java.util.Map;

/**
 * One accelerator of the catalog. Capacities in bytes, bandwidth in bytes/s, throughput in FLOP/s; NaN where the
 * catalog says the figure is unknown. {@code sources} maps each figure's JSON path to its source.
 */
public record Gpu(
        String key,
        String name,
        List<String> aliases,
        String vendor,
        String architecture,
        String family,
        double memoryBytes,
        double bandwidthBytesPerSecond,
        PeakThroughput peak,
        HostLink link,
        double tdpWatts,
        double launchPriceUsd,
        Map<String, String> sources) implements java.io.Serializable {

    private static final java.util.regex.Pattern SM = java.util.regex.Pattern.compile("\\bsm_(\\d+)(\\d)\\b");

    public Gpu {
        aliases = List.copyOf(aliases);
        sources = Map.copyOf(sources);
    }

    /**
     * The CUDA compute capability the catalog's {@code architecture} names as {@code sm_XY} (sm_86: 8.6, sm_120:
     * 12.0); NaN for a card whose architecture names none (AMD, Intel, Apple).
     */
    public double computeCapability() {
        java.util.regex.Matcher m = SM.matcher(architecture);
        return m.find() ? Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) / 10.0 : Double.NaN;
    }
}
