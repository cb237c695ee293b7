package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.query.DuckDbEngine;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.Engines;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.write.RunManifest;

/**
 * A real Spark standalone cluster on 127.0.0.1, from the project's own jars (SPARK_HOME = jobs/target/spark-home,
 * which surefire sets): a Master and two one-core Workers, each its own JVM, and the small sweep submitted to it
 * through {@code submit.sh}, which runs Spark's SparkSubmit in client mode. Executors get the job's classes from the
 * cluster jar, as on any cluster; the table must equal a local run's.
 */
@EnabledIfEnvironmentVariable(named = "SPARK_HOME", matches = ".+")
class LoopbackClusterTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void smallSweepOnAMasterAndTwoWorkersMatchesTheLocalRun() throws IOException {
        String sparkHome = System.getenv("SPARK_HOME");
        String daemonClasspath = sparkHome + "/conf:" + sparkHome + "/jars/*";
        int port = freePort();
        int ui = freePort();
        Path masterLog = tmp.resolve("master.log");
        List<Process> daemons = new ArrayList<>();
        try {
            daemons.add(ChildJvm.start(masterLog, daemon(daemonClasspath, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port",
                    Integer.toString(ui))));
            for (int w = 1; w <= 2; w++) {
                Path work = Files.createDirectories(tmp.resolve("work-" + w));
                daemons.add(ChildJvm.start(tmp.resolve("worker-" + w + ".log"), daemon(daemonClasspath,
                        "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory",
                        "1g", "--work-dir", work.toString(), "--webui-port", Integer.toString(freePort()),
                        "spark://127.0.0.1:" + port)));
            }
            ChildJvm.await("two workers to register", START_LIMIT, masterLog, () -> aliveWorkers(ui) == 2);

            Path out = tmp.resolve("small");
            Path driverLog = tmp.resolve("driver.log");
            ProcessBuilder submit = new ProcessBuilder("bash", "submit.sh", "run", SweepJobTest.SMALL.toString(),
                    "--master", "spark://127.0.0.1:" + port, "--output", out.toString(),
                    "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2",
                    "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", ChildJvm.LEAN))
                    .redirectErrorStream(true).redirectOutput(driverLog.toFile());
            submit.environment().put("DRIVER_MEMORY", "768m");
            submit.environment().put("ROOFSWEEP_JAVA_OPTS", String.join(" ", ChildJvm.LEAN));
            Process driver = submit.start();
            try {
                assertEquals(0, ChildJvm.exitCode(driver, RUN_LIMIT, driverLog), ChildJvm.read(driverLog));
            } finally {
                ChildJvm.stop(driver);
            }

            RunManifest m = Tables.manifest(out);
            assertEquals("spark://127.0.0.1:" + port, m.runs().get(0).master());
            Dataset<Row> points = Tables.points(SharedSpark.session(), out);
            Row r = points.selectExpr("count(*)", "count(DISTINCT point_id)", "max(point_id)").first();
            assertEquals(List.of(m.gridSize(), m.gridSize(), m.gridSize() - 1),
                    List.of(r.getLong(0), r.getLong(1), r.getLong(2)));
            assertEquals(m.checksum().points(), Tables.checksum(points));
            assertEquals(localChecksum(), m.checksum().points(), "the cluster wrote the rows a local run writes");
            for (int w = 1; w <= 2; w++) {
                assertTrue(hasExecutor(tmp.resolve("work-" + w)), "worker " + w + " ran an executor\n"
                        + ChildJvm.read(driverLog));
            }
            everyExampleQueryOnTheClusterMatchesDuckDb(port, out);
        } finally {
            for (int i = daemons.size() - 1; i >= 0; i--) {
                ChildJvm.stop(daemons.get(i));
            }
        }
    }

    /**
     * Spark SQL on the cluster reading the sweep by its {@code file:} URI answers every example query of
     * configs/queries/ as the embedded DuckDB engine does locally, cell by cell (doubles to 1e-9 relative: the engines
     * sum in different orders).
     */
    private void everyExampleQueryOnTheClusterMatchesDuckDb(int port, Path out) throws IOException {
        Path answers = tmp.resolve("cluster-answers");
        Path log = tmp.resolve("queries.log");
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx768m"));
        cmd.addAll(ChildJvm.LEAN);
        cmd.addAll(ChildJvm.sparkOptions());
        cmd.addAll(List.of("-Dspark.executor.memory=512m", "-Dspark.cores.max=2",
                "-Dspark.executor.extraJavaOptions=" + String.join(" ", ChildJvm.LEAN),
                "-cp", ChildJvm.testClasspath(), ClusterQueries.class.getName(),
                "spark://127.0.0.1:" + port, out.toUri().toString(), answers.toString()));
        Process p = ChildJvm.start(log, cmd);
        try {
            assertEquals(0, ChildJvm.exitCode(p, RUN_LIMIT, log), ChildJvm.read(log));
        } finally {
            ChildJvm.stop(p);
        }
        Path local = tmp.resolve("duckdb-answers");
        Files.createDirectories(local);
        List<ClusterQueries.Query> queries = ClusterQueries.answers();
        assertTrue(queries.size() >= 6, "the example queries: " + queries);
        try (Engine duck = DuckDbEngine.open(Engines.list(List.of(out.toString())), SmallSweep.CATALOGS)) {
            for (ClusterQueries.Query q : queries) {
                q.write(duck, local);
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (ClusterQueries.Query q : queries) {
            List<String> spark = Files.readAllLines(answers.resolve(q.name() + ".jsonl"));
            List<String> duck = Files.readAllLines(local.resolve(q.name() + ".jsonl"));
            assertEquals(duck.size(), spark.size(), "rows of " + q.name());
            assertFalse(duck.isEmpty(), q.name() + " answers something on the test sweep");
            for (int i = 0; i < duck.size(); i++) {
                assertSameJson(json.readTree(duck.get(i)), json.readTree(spark.get(i)), q.name() + " row " + i);
            }
        }
    }

    private static void assertSameJson(JsonNode duck, JsonNode spark, String where) {
        if (duck.isFloatingPointNumber() || spark.isFloatingPointNumber()) {
            double d = duck.asDouble();
            assertEquals(d, spark.asDouble(), 1e-9 * Math.max(1e-300, Math.abs(d)), where);
        } else if (duck.isObject()) {
            List<String> names = new ArrayList<>();
            duck.fieldNames().forEachRemaining(names::add);
            List<String> sparkNames = new ArrayList<>();
            spark.fieldNames().forEachRemaining(sparkNames::add);
            assertEquals(names, sparkNames, where);
            names.forEach(n -> assertSameJson(duck.get(n), spark.get(n), where + " / " + n));
        } else if (duck.isArray()) {
            assertEquals(duck.size(), spark.size(), where);
            for (int k = 0; k < duck.size(); k++) {
                assertSameJson(duck.get(k), spark.get(k), where + " / " + k);
            }
        } else {
            assertEquals(duck, spark, where);
        }
    }

    private String localChecksum() {
        Path local = tmp.resolve("local");
        CliRun run = CliRun.of("run", SweepJobTest.SMALL.toString(), "--output", local.toString());
        assertEquals(0, run.exitCode(), run.transcript());
        return Tables.manifest(local).checksum().points();
    }

    private static List<String> daemon(String classpath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx256m", "-Droofsweep.log.level=info"));
        cmd.addAll(ChildJvm.LEAN);
        cmd.addAll(ChildJvm.sparkOptions());
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Workers the master counts alive, from its web UI's JSON; 0 while it is not up. */
    private static int aliveWorkers(int ui) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ui + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()).path("aliveworkers").asInt() : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A standalone Worker makes {@code <work>/app-<id>/<executor>/} for each executor it launches. */
    private static boolean hasExecutor(Path work) {
        try (Stream<Path> s = Files.walk(work, 2)) {
            return s.anyMatch(p -> p.getParent() != null && p.getParent().getFileName().toString().startsWith("app-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
