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

    public Gpu {
        aliases = List.copyOf(aliases);
        sources = Map.copyOf(sources);
    }
}
