package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.SmallSweep;

/** A sweep that cannot answer the question gets a sentence that says so, never an empty chart. */
class ReportLimitsTest {
    @TempDir
    Path dir;

    /** The report of the small sweep's points that satisfy {@code where}, as a sweep of its own. */
    private String reportOf(String where) throws IOException {
        SparkSession spark = SharedSpark.session();
        Path sweep = dir.resolve("sweep");
        spark.read().parquet(SmallSweep.get().dir().resolve("points").toString()).where(where).write()
                .parquet(sweep.resolve("points").toString());
        return Files.readString(Report.write(spark, sweep, dir.resolve("report"), SmallSweep.CATALOGS, 12).html());
    }

    private static int charts(String page) {
        return page.split("<div class=\"chart\"", -1).length - 1;
    }

    @Test
    void aTextOnlySweepSaysItCannotShowTheEffectOfImages() throws IOException {
        String page = reportOf("model NOT LIKE 'llava%'");
        assertTrue(page.contains("This sweep holds no multi-modal (LLaVA-class) model, so it cannot show"), "said");
        // the heatmaps (2), throughput, memory and rooflines remain; the headline draws nothing
        assertEquals(5, charts(page));
    }

    @Test
    void aSweepWithoutPowerInferSaysItCannotShowASpeedup() throws IOException {
        String page = reportOf("system <> 'powerinfer'");
        assertTrue(page.contains("so it cannot show PowerInfer's speedup"), "said");
        assertFalse(page.contains("PowerInfer ÷ best dense"), "no speedup chart");
        // memory efficiency of the systems there are, throughput, memory and rooflines
        assertEquals(4, charts(page));
    }
}
