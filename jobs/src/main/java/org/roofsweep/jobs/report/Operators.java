package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.roofline.OperatorBreakdown;
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

    /** The operators of {@code point} (a row of {@code points}); empty when neither table nor catalog has it. */
    static Optional<Placed> of(ReportContext cx, boolean hasTable, Row point, Catalogs catalogs,
            boolean flashAttention) {
        long id = point.getAs("point_id");
        if (hasTable) {
            Optional<Placed> read = read(cx, id);
            if (read.isPresent()) {
                return read;
            }
        }
        return compute(point, catalogs, flashAttention);
    }

    private static Optional<Placed> read(ReportContext cx, long pointId) {
        List<String> columns = cx.columns("operators");
        String[] picked = new String[7];
        List<List<String>> wanted = List.of(POINT_ID, PHASE, NAME, INTENSITY, ATTAINED, PEAK_FLOPS, PEAK_BYTES);
        for (int k = 0; k < picked.length; k++) {
            picked[k] = wanted.get(k).stream().filter(columns::contains).findFirst().orElse(null);
            if (picked[k] == null) {
                return Optional.empty();
            }
        }
        List<Row> rows = cx.rows("SELECT " + String.join(", ", Arrays.asList(picked).subList(1, picked.length))
                + " FROM operators WHERE " + picked[0] + " = :point_id", Map.of("point_id", pointId));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Op> ops = new ArrayList<>();
        for (Row r : rows) {
            ops.add(new Op(r.getString(0), r.getString(1), number(r, 2), number(r, 3)));
        }
        return Optional.of(new Placed(ops, number(rows.get(0), 4), number(rows.get(0), 5),
                "the sweep's operators table"));
    }

    private static double number(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
    }

    /** The operators of a point computed again, as the sweep ran it: {@code flashAttention} is its setting. */
    private static Optional<Placed> compute(Row p, Catalogs catalogs, boolean flashAttention) {
        Optional<Platform> platform = catalogs.hardware().platform(p.getAs("platform"), p.getAs("host_memory_gib"));
        Optional<ModelSpec> model = catalogs.models().model(p.getAs("model"));
        if (platform.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        Double sparsity = p.getAs("sparsity_setting");
        Precision precision = new Precision(p.getAs("weight_bits"), p.<Integer>getAs("activation_bits"),
                p.<Integer>getAs("kv_bits"));
        Workload w = Workload.text(model.get(), platform.get(), p.getAs("batch"), p.getAs("prompt_tokens"),
                        p.getAs("generated_tokens")).toBuilder()
                .images(p.getAs("images"), p.getAs("image_width"), p.getAs("image_height"))
                .sparsity(sparsity == null ? Double.NaN : sparsity)
                .precision(precision)
                .gpuLayers(p.getAs("gpu_layers_setting"))
                .flashAttention(flashAttention)
                .build();
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
