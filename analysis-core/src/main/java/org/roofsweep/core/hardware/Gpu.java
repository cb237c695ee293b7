package org.roofsweep.core.hardware;

import java.util.List;
import java.util.Map;

/**
 * One accelerator of the catalog. Capacities in bytes, bandwidth in bytes/s, throughput in FLOP/s; NaN where the
 * catalog says the figure is unknown. {@code sources} maps each figure's JSON path to its source.
 * {@code computeCapability} is the CUDA compute capability the {@code architecture} names as {@code sm_XY} (sm_86:
 * 8.6, sm_120: 12.0; NaN for a card whose architecture names none: AMD, Intel, Apple), read from it once when the card
 * is made ({@link #computeCapabilityOf}), since every decode step's graph gate asks for it. {@code cores} are its
 * compute units and their boost clock ({@link CoreClock#NONE} where the catalog states none).
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
        Map<String, String> sources,
        double computeCapability,
        CoreClock cores) implements java.io.Serializable {
    private static final java.util.regex.Pattern SM = java.util.regex.Pattern.compile("\\bsm_(\\d+)(\\d)\\b");

    public Gpu {
        aliases = List.copyOf(aliases);
        sources = Map.copyOf(sources);
        if (cores == null) {
            throw new IllegalArgumentException("gpu " + key + ": cores are CoreClock.NONE where unknown, not null");
        }
        if (Double.compare(computeCapability, computeCapabilityOf(architecture)) != 0) {
            throw new IllegalArgumentException("gpu " + key + ": compute capability " + computeCapability
                    + " is not the one its architecture names (" + architecture + ")");
        }
    }

    /** A card whose compute capability is the one its architecture names. */
    public Gpu(String key, String name, List<String> aliases, String vendor, String architecture, String family,
            double memoryBytes, double bandwidthBytesPerSecond, PeakThroughput peak, HostLink link, double tdpWatts,
            double launchPriceUsd, Map<String, String> sources, CoreClock cores) {
        this(key, name, aliases, vendor, architecture, family, memoryBytes, bandwidthBytesPerSecond, peak, link,
                tdpWatts, launchPriceUsd, sources, computeCapabilityOf(architecture), cores);
    }

    /** A card whose compute capability is the one its architecture names, its compute units not stated. */
    public Gpu(String key, String name, List<String> aliases, String vendor, String architecture, String family,
            double memoryBytes, double bandwidthBytesPerSecond, PeakThroughput peak, HostLink link, double tdpWatts,
            double launchPriceUsd, Map<String, String> sources) {
        this(key, name, aliases, vendor, architecture, family, memoryBytes, bandwidthBytesPerSecond, peak, link,
                tdpWatts, launchPriceUsd, sources, CoreClock.NONE);
    }

    /** The compute capability an architecture text names as {@code sm_XY}, NaN where it names none. */
    public static double computeCapabilityOf(String architecture) {
        java.util.regex.Matcher m = SM.matcher(architecture);
        return m.find() ? Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) / 10.0 : Double.NaN;
    }
}
