package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.query.SweepViews;

/** The roofline's operators: read from an operators table as the sweep job writes it, or computed; the same. */
class OperatorsTest {
    @Test
    void operatorsTableRowsMatchTheOnesComputedFromThePoint() {
        SparkSession spark = SharedSpark.session();
        SweepViews.register(spark, List.of(SmallSweep.get().dir()));
        SweepPlan plan = SmallSweep.plan();
        Evaluation e = SmallSweep.get().evaluations().stream()
                .filter(x -> x.result().fits() && x.point().images() > 0).findFirst().orElseThrow();
        long id = e.point().pointId();
        List<Row> rows = new ArrayList<>();
        List<OperatorBreakdown.Row> breakdown = OperatorBreakdown.of(plan.workload(id), plan.calibration());
        for (int i = 0; i < breakdown.size(); i++) {
            rows.add(OperatorsTable.TABLE.toRow(new OperatorsTable.Op(e, i, breakdown.get(i))));
        }
        spark.createDataFrame(rows, OperatorsTable.TABLE.schema()).createOrReplaceTempView("operators");
        Row point = spark.table("points").where(functions.col("point_id").equalTo(id)).first();

        Operators.Placed read = Operators.of(spark, true, List.of(point), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        Operators.Placed computed = Operators.of(spark, false, List.of(point), SmallSweep.CATALOGS, true).get(0)
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
        SweepViews.register(spark, List.of(SmallSweep.get().dir()));
        long id = SmallSweep.get().evaluations().stream().filter(x -> x.result().fits() && x.point().images() == 0)
                .findFirst().orElseThrow().point().pointId();
        Row point = spark.table("points").where(functions.col("point_id").equalTo(id)).first();
        Operators.Placed on = Operators.of(spark, false, List.of(point), SmallSweep.CATALOGS, true).get(0)
                .orElseThrow();
        Operators.Placed off = Operators.of(spark, false, List.of(point), SmallSweep.CATALOGS, false).get(0)
                .orElseThrow();
        // without FlashAttention the score matrix is its own softmax op between the two attention matmuls
        assertTrue(off.ops().stream().anyMatch(o -> o.name().equals("softmax")), "softmax without FlashAttention");
        assertTrue(on.ops().stream().noneMatch(o -> o.name().equals("softmax")), "softmax fused with FlashAttention");
        assertTrue(off.source().endsWith("(FlashAttention off)"), off.source());
        assertTrue(on.source().endsWith("(FlashAttention on)"), on.source());
    }
}
