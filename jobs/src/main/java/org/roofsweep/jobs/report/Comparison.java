package org.roofsweep.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.roofsweep.core.systems.Baselines;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * The view {@code pi_vs_dense}: every PowerInfer point beside the best dense system ({@link Baselines#DENSE}: the one
 * with the higher end-to-end tokens/s) at identical inputs, with both speedups of {@link Baselines.Metric}: each
 * PowerInfer's tokens/s over the highest of the dense systems that fit. The report's heatmaps and summary read it.
 */
final class Comparison {
    static final String VIEW = "pi_vs_dense";

    private Comparison() {
    }

    /** The input columns of a point (everything before {@code fits}) except {@code point_id} and {@code system}. */
    static List<String> inputs() {
        List<String> out = new ArrayList<>();
        for (Columns.Column<?> c : PointsTable.TABLE.list()) {
            if (c.name().equals("fits")) {
                break;
            }
            if (!c.name().equals("point_id") && !c.name().equals("system")) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** The dense systems as an SQL list: {@code 'dense-gpu', 'layer-offload'}. */
    static String denseSystems() {
        return Baselines.DENSE.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }

    /** The query behind the view. */
    static String sql() {
        List<String> in = inputs();
        String cols = String.join(", ", in);
        String on = in.stream().map(c -> "p." + c + " <=> d." + c).collect(Collectors.joining("\n    AND "));
        String dense = denseSystems();
        return """
                WITH dense AS (
                  SELECT %s,
                         bool_or(fits) AS dense_fits,
                         max(e2e_tokens_per_s) AS dense_e2e_tokens_per_s,
                         max(decode_tokens_per_s) AS dense_decode_tokens_per_s,
                         min(ttft_s) AS dense_ttft_s,
                         max_by(system, coalesce(e2e_tokens_per_s, -1)) AS dense_system
                  FROM points WHERE system IN (%s)
                  GROUP BY %s)
                SELECT p.point_id, %s, p.image_tokens,
                       p.fits AS pi_fits, p.e2e_tokens_per_s AS pi_e2e_tokens_per_s,
                       p.decode_tokens_per_s AS pi_decode_tokens_per_s, p.ttft_s AS pi_ttft_s,
                       p.vision_s AS pi_vision_s,
                       d.dense_fits, d.dense_e2e_tokens_per_s, d.dense_decode_tokens_per_s, d.dense_ttft_s,
                       d.dense_system,
                       p.e2e_tokens_per_s / d.dense_e2e_tokens_per_s AS %s,
                       p.decode_tokens_per_s / d.dense_decode_tokens_per_s AS %s,
                       p.ttft_s / d.dense_ttft_s AS ttft_ratio
                FROM points p JOIN dense d
                  ON %s
                WHERE p.system = 'powerinfer'
                """.formatted(cols, dense, cols,
                in.stream().map(c -> "p." + c).collect(Collectors.joining(", ")), Baselines.Metric.E2E.column(),
                Baselines.Metric.DECODE.column(), on);
    }
}
