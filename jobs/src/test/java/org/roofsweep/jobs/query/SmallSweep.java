package org.roofsweep.jobs.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.SharedSpark;

/**
 * A small sweep evaluated with analysis-core and written as the {@code points} table (Parquet, zstd, partitioned by
 * platform and model, {@link PointsTable} columns), built once per test JVM. Two consumer platforms, a 7B and a 13B
 * LLaVA (the 13B does not fit a 24 GiB card densely) plus a ProSparse LLaVA, the three systems PowerInfer is compared
 * with, and batch, prompt, sparsity and image axes.
 */
public final class SmallSweep {
    public static final String CONFIG = """
            {
              "name": "small-test",
              "axes": {
                "platforms": ["pc_high", "rtx3060_12gb+i7_12700k"],
                "models": ["llava_1_5_7b", "llava_1_5_13b", "llava_1_5_7b_prosparse"],
                "systems": ["dense-gpu", "layer-offload", "powerinfer"],
                "batch_sizes": [1, 4, 16],
                "prompt_tokens": [128, 1024],
                "generated_tokens": [64],
                "sparsity": ["model", 0.9],
                "images": [0, 1, 4]
              }
            }
            """;
    public static final Catalogs CATALOGS = Catalogs.load(Path.of("configs"));

    private static SmallSweep instance;

    private final Path dir;
    private final List<Evaluation> evaluations;

    private SmallSweep(Path dir, List<Evaluation> evaluations) {
        this.dir = dir;
        this.evaluations = evaluations;
    }

    /** The sweep, evaluated and written on first use. */
    public static synchronized SmallSweep get() {
        if (instance == null) {
            instance = build(SharedSpark.session());
        }
        return instance;
    }

    public static SweepPlan plan() {
        try {
            return SweepConfigFile.parse("small-test.json", new ObjectMapper().readTree(CONFIG), CATALOGS, 1_000_000,
                    "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SmallSweep build(SparkSession spark) {
        SweepPlan plan = plan();
        List<Evaluation> evaluations = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < plan.size(); i++) {
            Evaluation e = plan.evaluate(i);
            if (e != null) {
                evaluations.add(e);
                rows.add(PointsTable.TABLE.toRow(e));
            }
        }
        try {
            Path dir = Files.createTempDirectory("roofsweep-small-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            spark.createDataFrame(rows, PointsTable.TABLE.schema()).write().option("compression", "zstd")
                    .partitionBy("platform", "model").parquet(dir.resolve("points").toString());
            org.roofsweep.jobs.IcebergFixture.commit(dir, org.roofsweep.jobs.IcebergFixture.manifest("small",
                    plan.configHash(), rows.size()));
            return new SmallSweep(dir, List.copyOf(evaluations));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sweep folder (holds {@code points/}). */
    public Path dir() {
        return dir;
    }

    public List<Evaluation> evaluations() {
        return evaluations;
    }

    /** The tables of sweep folders, listed as query and report list them. */
    public static SweepTables tables(Path... dirs) {
        return SweepTables.list(java.util.Arrays.stream(dirs).map(Path::toString).toList(),
                new org.apache.hadoop.conf.Configuration());
    }
}
