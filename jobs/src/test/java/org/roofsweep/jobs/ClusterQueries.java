package org.roofsweep.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.Cursor;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.Engines;
import org.roofsweep.jobs.query.QueryText;
import org.roofsweep.jobs.query.ResultWriter;

/**
 * The driver of {@link LoopbackClusterTest}'s query check, in a JVM of its own (a JVM holds one Spark context): every
 * example query of configs/queries/ through the Spark engine, on the master given, over a sweep folder URI, each
 * answer written as JSON lines to {@code OUT/<query>.jsonl} ({@link #answers} names the queries and parameters).
 */
final class ClusterQueries {
    private ClusterQueries() {
    }

    /** Each example query file with its parameter sets: its defaults, and crossover along both axes. */
    static List<Query> answers() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("configs/queries"))) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        List<Query> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".sql", "");
            out.add(new Query(name, f, List.of()));
            if (name.equals("crossover")) {
                out.add(new Query(name + "_prompt_tokens", f, List.of("axis=prompt_tokens")));
            }
        }
        return out;
    }

    /** One example query run: the answer's file name, the SQL file and its parameters. */
    record Query(String name, Path file, List<String> params) {
        /** Writes this query's answer on {@code e} as JSON lines to {@code dir/name.jsonl}. */
        void write(Engine e, Path dir) throws IOException {
            QueryText q = QueryText.of(Files.readString(file), params);
            try (Cursor c = e.open(q); PrintWriter w = new PrintWriter(Files.newBufferedWriter(
                    dir.resolve(name + ".jsonl"), StandardCharsets.UTF_8))) {
                ResultWriter.jsonLines(c, w);
            }
        }
    }

    /** {@code MASTER SWEEP_URI OUT_DIR}. */
    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master(args[0]).appName("roofsweep cluster queries")
                .config("spark.ui.enabled", "false").getOrCreate();
        Path out = Files.createDirectories(Path.of(args[2]));
        try (Engine e = Engines.open(Engines.Choice.SPARK, Engines.list(List.of(args[1])),
                Catalogs.load(Path.of("configs")), () -> spark)) {
            for (Query q : answers()) {
                q.write(e, out);
            }
        } finally {
            spark.stop();
        }
    }
}
