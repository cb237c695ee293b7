package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.query.SparkEngine;

/** The roofline's operators: read from an operators table as the sweep job writes it, or computed; the same. */
class OperatorsTest {
    private static ReportContext context(SparkSession spark) {
        return new ReportContext(SparkEngine.open(spark, SmallSweep.tables(SmallSweep.get().dir()), null),
                SmallSweep.CATALOGS, new Html("operators"), Path.of("."), true);
    }

    @Test
    void operatorsTableRowsMatchTheOnesComputedFromThePoint() {
        SparkSession spark = SharedSpark.session();
        ReportContext cx = context(spark);
        SweepPlan plan = SmallSweep.plan();
        Evaluation e = SmallSweep.get().evaluations().stream()
                .filter(x -> x.result().fits() && x.point().images() > 0).findFirst().orElseThrow();
        long id = e.point().pointId();
        List<Row> rows = new ArrayList<>();
        List<OperatorBreakdown.Row> breakdown = OperatorBreakdown.of(plan.workload(id), plan.calibration(id));
        for (int i = 0; i < breakdown.size(); i++) {
            rows.add(OperatorsTable.TABLE.toRow(new OperatorsTable.Op(e, i, breakdown.get(i))));
        }
        spark.createDataFrame(rows, OperatorsTable.TABLE.schema()).createOrReplaceTempView("operators");
        Row point = spark.table("points").where(functions.col("point_id").equalTo(id)).first();

        Operators.Placed read = Operators.of(cx, true, List.of(point), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        Operators.Placed computed = Operators.of(cx, false, List.of(point), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        assertEquals("the sweep's operators table", read.source());
        assertTrue(computed.source().startsWith("computed"), computed.source());
        assertEquals(computed.peakFlopsPerSecond(), read.peakFlopsPerSecond());
        assertEquals(computed.peakBytesPerSecond(), read.peakBytesPerSecond());
        assertEquals(computed.ops().size(), read.ops().size());
        assertTrue(read.ops().stream().anyMatch(o -> o.phase().equals("vision")), "a request with images");
        for (int i = 0; i < read.ops().size(); i++) {
            Operators.Op r = read.ops().get(i);
            Operators.Op c = computed.ops().get(i);
            assertEquals(c.name(), r.name());
            assertEquals(c.phase(), r.phase());
            assertEquals(c.attainedFlopsPerSecond(), r.attainedFlopsPerSecond(), 1e-9 * c.attainedFlopsPerSecond());
            if (Double.isFinite(c.intensity())) {
                assertEquals(c.intensity(), r.intensity(), 1e-12 * c.intensity());
            }
        }
    }

    @Test
    void operatorsComputedFromThePointFollowTheSweepsFlashAttention() {
        SparkSession spark = SharedSpark.session();
        ReportContext cx = context(spark);
        long id = SmallSweep.get().evaluations().stream().filter(x -> x.result().fits() && x.point().images() == 0)
                .findFirst().orElseThrow().point().pointId();
        Row point = spark.table("points").where(functions.col("point_id").equalTo(id)).first();
        Operators.Placed on = Operators.of(cx, false, List.of(point), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        Operators.Placed off = Operators.of(cx, false, List.of(point), SmallSweep.CATALOGS, false).get(0)
                .orElseThrow();
        // without FlashAttention the score matrix is its own softmax op between the two attention matmuls
        assertTrue(off.ops().stream().anyMatch(o -> o.name().equals("softmax")), "softmax without FlashAttention");
        assertTrue(on.ops().stream().noneMatch(o -> o.name().equals("softmax")), "softmax fused with FlashAttention");
        assertTrue(off.source().endsWith("(FlashAttention off)"), off.source());
        assertTrue(on.source().endsWith("(FlashAttention on)"), on.source());
    }

    /**
     * A points row is rebuilt at the host bandwidth its point was priced at and with its image-token axes, not at the
     * catalog's defaults: a row of LLaVA-1.5-7B with one image, its host_bandwidth_gb_s set to 20 (as the sweep's
     * host_bandwidth_gb_s axis would) and half its image tokens pruned after layer 2, gives a workload at 20 x 1e9
     * B/s whose 32 - 2 = 30 later layers are a prefill phase of their own. The row as the sweep wrote it gives the
     * sweep's own workload: its bandwidth, the platform's effective figure, read back from the column to rounding.
     */
    @Test
    void theRebuiltPointKeepsItsHostBandwidthAndImageTokenAxes() {
        SparkSession spark = SharedSpark.session();
        ReportContext cx = context(spark);
        long id = SmallSweep.get().evaluations().stream().filter(x -> x.result().fits() && x.point().images() > 0)
                .findFirst().orElseThrow().point().pointId();
        Row asWritten = spark.table("points").where(functions.col("point_id").equalTo(id)).first();
        double platform = SmallSweep.plan().workload(id).platform().hostBandwidthBytesPerSecond();
        assertEquals(platform, Operators.workload(asWritten, SmallSweep.CATALOGS, true).orElseThrow().platform()
                .hostBandwidthBytesPerSecond(), 1e-12 * platform);

        Row overridden = spark.table("points").where(functions.col("point_id").equalTo(id))
                .withColumn("host_bandwidth_gb_s", functions.lit(20.0))
                .withColumn("image_token_keep", functions.lit(0.5))
                .withColumn("prune_after_layer", functions.lit(2)).first();
        Workload w = Operators.workload(overridden, SmallSweep.CATALOGS, true).orElseThrow();
        assertEquals(20e9, w.platform().hostBandwidthBytesPerSecond(), 1e-3);
        assertTrue(platform != 20e9, "the platform's own figure differs");
        assertEquals(0.5, w.tokens().imageTokenKeep());
        assertEquals(2, w.tokens().pruneAfterLayer());
        Operators.Placed ops = Operators.of(cx, false, List.of(overridden), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        assertTrue(ops.ops().stream().anyMatch(o -> o.phase().equals("prefill_pruned")), "a pruned prefill phase");
    }
}
