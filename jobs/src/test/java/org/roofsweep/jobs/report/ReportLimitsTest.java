package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.roofsweep.jobs.IcebergFixture;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.DuckDbEngine;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.query.SweepTables;

/** A sweep that cannot answer the question gets a sentence that says so, never an empty chart. */
class ReportLimitsTest {
    @TempDir
    Path dir;

    /** The report of the small sweep's points that satisfy {@code where}, model renamed by {@code model}. */
    private String reportOf(String where, String model) throws IOException {
        return reportOf(where, Map.of("model", model));
    }

    /** The report of the small sweep's points that satisfy {@code where}, each column of {@code set} rewritten. */
    private String reportOf(String where, Map<String, String> set) throws IOException {
        SparkSession spark = SharedSpark.session();
        Path sweep = dir.resolve("sweep");
        SweepTables.Table points = SmallSweep.tables(SmallSweep.get().dir()).sweeps().values().iterator().next()
                .tables().get("points");
        Dataset<Row> kept = spark.read().option("basePath", points.uri())
                .parquet(points.files().toArray(String[]::new)).where(where);
        for (Map.Entry<String, String> c : set.entrySet()) {
            kept = kept.withColumn(c.getKey(), functions.expr(c.getValue()));
        }
        kept.write().parquet(sweep.resolve("points").toString());
        IcebergFixture.commit(sweep, IcebergFixture.manifest("sweep", "0".repeat(64), 1));
        return Files.readString(duckDbReport(sweep, dir.resolve("report")).html());
    }

    /** The report of the sweep in {@code sweep}, written to {@code out} through DuckDB (the engine for local tables). */
    static Report.Output duckDbReport(Path sweep, Path out) {
        SweepTables tables = SmallSweep.tables(sweep);
        try (Engine engine = DuckDbEngine.open(tables, SmallSweep.CATALOGS)) {
            return Report.write(engine, sweep.toString(),
                    SweepTables.runJson(tables.sweeps().values().iterator().next()), out,
                    SmallSweep.CATALOGS, 12);
        }
    }

    private static int charts(String page) {
        return page.split("<div class=\"chart\"", -1).length - 1;
    }

    @Test
    void aTextOnlySweepSaysItCannotShowTheEffectOfImages() throws IOException {
        // the small sweep holds only LLaVA models: its text-only requests of llava_1_5_7b stand for a text model
        // (llama2_7b in the catalog, the same backbone) in a sweep of its own
        String page = reportOf("model = 'llava_1_5_7b' AND images = 0", "'llama2_7b'");
        assertTrue(page.contains("This sweep holds no multi-modal (LLaVA-class) model, so it cannot show"), "said");
        // the heatmaps (2), throughput, memory and rooflines remain; the headline draws nothing
        assertEquals(5, charts(page));
    }

    @Test
    void aSweepWithoutPowerInferSaysItCannotShowASpeedup() throws IOException {
        String page = reportOf("system <> 'powerinfer'", "model");
        assertTrue(page.contains("so it cannot show PowerInfer's speedup"), "said");
        assertFalse(page.contains("PowerInfer ÷ best dense"), "no speedup chart");
        // memory efficiency of the systems there are, throughput, memory and rooflines
        assertEquals(4, charts(page));
    }

    /**
     * A sweep where PowerInfer never fits (its points marked so, as out of memory) and no system fits at batch 16:
     * the batch-sparsity heatmaps' cells at batch 1 and 4 say "dense only", those at batch 16 "none runs"; no cell
     * says "PI only".
     */
    @Test
    void theHeatmapTellsDenseOnlyFromNothingRuns() throws IOException {
        String page = reportOf("true", Map.of(
                "fits", "fits AND system <> 'powerinfer' AND batch <> 16",
                "e2e_tokens_per_s", "CASE WHEN system = 'powerinfer' OR batch = 16 THEN NULL ELSE e2e_tokens_per_s END"));
        assertTrue(page.contains("\"formatter\":\"dense only\""), "a dense-only cell");
        assertTrue(page.contains("\"formatter\":\"none runs\""), "a cell where nothing runs");
        assertFalse(page.contains("\"formatter\":\"PI only\""), "no PowerInfer-only cell");
    }
}
