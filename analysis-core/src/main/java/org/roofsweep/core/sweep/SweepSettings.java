package org.roofsweep.core.sweep;

import java.util.List;

/**
 * Settings of a sweep besides its axes: where the table goes, how it is partitioned, FlashAttention, the
 * batch x context filter (0: none) and which points get a per-operator breakdown (every k-th point id, 0: none).
 */
public record SweepSettings(String description, String output, List<String> partitionBy, boolean flashAttention,
        long maxBatchTimesContext, long operatorsEvery) implements java.io.Serializable {
    public static final List<String> PARTITION_COLUMNS = List.of("platform", "model", "system", "gpu");

    public SweepSettings {
        partitionBy = List.copyOf(partitionBy);
    }
}
