package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.request.TokenAssumptions;
import org.roofsweep.core.request.Workload;

/**
 * The operators of one grid point placed on its GPU's roofline: read from the sweep's {@code operators} table when it
 * holds the point, else computed with analysis-core's {@link OperatorBreakdown} from the point's inputs and the
 * catalog. Column names of the table are matched against a few spellings, so a renamed column falls back to
 * computing rather than failing.
 */
final class Operators {
    private static final List<String> POINT_ID = List.of("point_id");
    private static final List<String> PHASE = List.of("phase");
    private static final List<String> NAME = List.of("op", "op_name", "operator", "name");
    private static final List<String> INTENSITY = List.of("intensity_flop_per_byte", "intensity",
            "arithmetic_intensity", "arithmetic_intensity_flop_per_byte");
    private static final List<String> ATTAINED = List.of("attained_flops_per_s", "attained_flop_per_s",
            "attained_flops_per_second", "attained_flops");
    private static final List<String> PEAK_FLOPS = List.of("peak_flops_per_s", "peak_flop_per_s",
            "gpu_peak_flops_per_s", "peak_flops");
    private static final List<String> PEAK_BYTES = List.of("peak_bytes_per_s", "peak_bandwidth_bytes_per_s",
            "gpu_bytes_per_s", "bandwidth_bytes_per_s");

    /** One operator at its intensity (FLOP/byte) and attained FLOP/s. */
    record Op(String phase, String name, double intensity, double attainedFlopsPerSecond) {
    }

    /** A point's operators with the ceilings they were timed against and where they come from. */
    record Placed(List<Op> ops, double peakFlopsPerSecond, double peakBytesPerSecond, String source) {
    }

    private Operators() {
    }

    /**
     * The operators of each of {@code points} (rows of {@code points}), in their order: from the table where it holds
     * the point (one query for all of them), else computed; empty where neither table nor catalog has it.
     */
    static List<Optional<Placed>> of(ReportContext cx, boolean hasTable, List<Row> points, Catalogs catalogs,
            boolean flashAttention) {
        Map<Long, Placed> read = hasTable
                ? read(cx, points.stream().map(p -> ((Number) p.getAs("point_id")).longValue()).toList())
                : Map.of();
        List<Optional<Placed>> out = new ArrayList<>();
        for (Row p : points) {
            Placed stored = read.get(((Number) p.getAs("point_id")).longValue());
            out.add(stored != null ? Optional.of(stored) : compute(p, catalogs, flashAttention));
        }
        return out;
    }

    private static Map<Long, Placed> read(ReportContext cx, List<Long> pointIds) {
        List<String> columns = cx.columns("operators");
        String[] picked = new String[7];
        List<List<String>> wanted = List.of(POINT_ID, PHASE, NAME, INTENSITY, ATTAINED, PEAK_FLOPS, PEAK_BYTES);
        for (int k = 0; k < picked.length; k++) {
            picked[k] = wanted.get(k).stream().filter(columns::contains).findFirst().orElse(null);
            if (picked[k] == null || pointIds.isEmpty()) {
                return Map.of();
            }
        }
        // the ids are longs read back from the points table, so they go into the statement as literals: one query
        // for all points, the same text for both engines
        List<Row> rows = cx.rows("SELECT " + String.join(", ", picked) + " FROM operators WHERE " + picked[0]
                + " IN (" + String.join(", ", pointIds.stream().distinct().map(String::valueOf).toList()) + ")",
                Map.of());
        Map<Long, List<Row>> byPoint = new LinkedHashMap<>();
        rows.forEach(r -> byPoint.computeIfAbsent(((Number) r.get(0)).longValue(), k -> new ArrayList<>()).add(r));
        Map<Long, Placed> out = new LinkedHashMap<>();
        byPoint.forEach((id, ops) -> out.put(id, new Placed(ops.stream().map(r -> new Op(r.getString(1),
                r.getString(2), number(r, 3), number(r, 4))).toList(), number(ops.get(0), 5), number(ops.get(0), 6),
                "the sweep's operators table")));
        return out;
    }

    /**
     * The workload of a points row, from its input columns and the catalog: its platform at the host bandwidth the
     * point was priced at ({@code host_bandwidth_gb_s}: the platform's figure, or the sweep's override), its
     * image-token assumptions, and FlashAttention as {@code flashAttention} says (the table does not record it).
     * A column that an older table lacks takes the default. Empty where the catalog has not the platform or model.
     */
    static Optional<Workload> workload(Row p, Catalogs catalogs, boolean flashAttention) {
        Optional<Platform> platform = catalogs.hardware().platform(p.getAs("platform"), p.getAs("host_memory_gib"));
        Optional<ModelSpec> model = catalogs.models().model(p.getAs("model"));
        if (platform.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        Double bandwidth = column(p, "host_bandwidth_gb_s");
        Platform priced = bandwidth == null ? platform.get() : platform.get().withHostBandwidth(bandwidth * Units.GIGA);
        Double sparsity = p.getAs("sparsity_setting");
        Precision precision = new Precision(p.getAs("weight_bits"), p.<Integer>getAs("activation_bits"),
                p.<Integer>getAs("kv_bits"), p.<String>getAs("weight_format"));
        return Optional.of(Workload.text(model.get(), priced, p.getAs("batch"), p.getAs("prompt_tokens"),
                        p.getAs("generated_tokens")).toBuilder()
                .images(p.getAs("images"), p.getAs("image_width"), p.getAs("image_height"))
                .sparsity(sparsity == null ? Double.NaN : sparsity)
                .tokens(tokens(p))
                .precision(precision)
                .gpuLayers(p.getAs("gpu_layers_setting"))
                .flashAttention(flashAttention)
                .build());
    }

    /** The point's image-token assumptions; the defaults where the table predates their columns. */
    private static TokenAssumptions tokens(Row p) {
        Double correlation = column(p, "token_correlation");
        Double keep = column(p, "image_token_keep");
        Integer pruneAfter = column(p, "prune_after_layer");
        if (correlation == null || keep == null || pruneAfter == null) {
            return TokenAssumptions.DEFAULT;
        }
        Double imageSparsity = column(p, "image_sparsity_setting");
        return new TokenAssumptions(imageSparsity == null ? Double.NaN : imageSparsity, correlation, keep, pruneAfter);
    }

    /** The value of column {@code name}, null where it is null or the row has no such column. */
    private static <T> T column(Row p, String name) {
        return Arrays.asList(p.schema().fieldNames()).contains(name) ? p.getAs(name) : null;
    }

    private static double number(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
    }

    /** The operators of a point computed again, as the sweep ran it: {@code flashAttention} is its setting. */
    private static Optional<Placed> compute(Row p, Catalogs catalogs, boolean flashAttention) {
        Optional<Workload> workload = workload(p, catalogs, flashAttention);
        if (workload.isEmpty()) {
            return Optional.empty();
        }
        Workload w = workload.get();
        List<OperatorBreakdown.Row> rows = OperatorBreakdown.of(w, catalogs.hardware().calibration());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Op> ops = new ArrayList<>();
        for (OperatorBreakdown.Row r : rows) {
            ops.add(new Op(r.phase(), r.op().name(), r.intensity(), r.attainedFlopsPerSecond()));
        }
        return Optional.of(new Placed(ops, rows.get(0).peakFlopsPerSecond(), rows.get(0).peakBytesPerSecond(),
                "computed with analysis-core from the catalog (FlashAttention " + (flashAttention ? "on" : "off")
                        + ")"));
    }
}
