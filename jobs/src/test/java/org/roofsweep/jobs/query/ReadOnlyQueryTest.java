package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.roofsweep.jobs.CliRun;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.Tables;
import org.roofsweep.jobs.cli.UserException;

/**
 * {@code query} never writes: each class of statement that writes, creates, drops, caches, copies, attaches, exports,
 * installs, calls or changes a setting is refused on both engines before it runs, with a one-line error, and the
 * sweep, the working folder and the JVM are as they were.
 */
class ReadOnlyQueryTest {
    private static final String PROPERTY = "roofsweep.readonly.probe";
    private static Path sweep;

    @TempDir
    static Path tmp;

    private static Engine duck;
    private static Engine spark;

    @BeforeAll
    static void engines() {
        sweep = SmallSweep.get().dir();
        SweepTables tables = Engines.list(List.of(sweep.toString()));
        duck = DuckDbEngine.open(tables, SmallSweep.CATALOGS);
        spark = SparkEngine.open(SharedSpark.session(), tables, SmallSweep.CATALOGS);
    }

    @AfterAll
    static void close() {
        duck.close();
        spark.close();
    }

    /** Statement class, SQL ({@code TARGET} is a path nothing may create), the error that refuses it. */
    static Stream<Arguments> writes() {
        String refused = "query only reads: this statement (";
        String syntax = "PARSE_SYNTAX_ERROR";
        return Stream.of(
                Arguments.of("insert", "INSERT INTO points SELECT * FROM points", refused + "INSERT INTO)"),
                Arguments.of("insert overwrite directory", "INSERT OVERWRITE DIRECTORY 'TARGET' USING parquet "
                        + "SELECT * FROM points LIMIT 1", refused + "INSERT INTO DIR)"),
                Arguments.of("insert overwrite local directory", "INSERT OVERWRITE LOCAL DIRECTORY 'TARGET' "
                        + "STORED AS parquet SELECT 1", refused + "INSERT INTO DIR)"),
                Arguments.of("insert after WITH", "WITH p AS (SELECT * FROM points) INSERT INTO points SELECT * "
                        + "FROM p", refused + "INSERT INTO)"),
                Arguments.of("create table as select", "CREATE TABLE t USING parquet LOCATION 'TARGET' AS SELECT 1",
                        refused + "CREATE TABLE AS SELECT)"),
                Arguments.of("create table", "CREATE TABLE t (a INT) USING parquet", refused + "CREATE TABLE)"),
                Arguments.of("create view", "CREATE TEMPORARY VIEW v AS SELECT 1", refused),
                Arguments.of("drop", "DROP VIEW points", refused),
                Arguments.of("alter", "ALTER VIEW points AS SELECT 1", refused),
                Arguments.of("truncate", "TRUNCATE TABLE points", refused),
                Arguments.of("delete", "DELETE FROM points WHERE true", refused),
                Arguments.of("update", "UPDATE points SET batch = 0", refused),
                Arguments.of("merge", "MERGE INTO points t USING points s ON t.point_id = s.point_id "
                        + "WHEN MATCHED THEN DELETE", refused),
                Arguments.of("set", "SET spark.sql.ansi.enabled = false", refused + "SET)"),
                Arguments.of("set a DuckDB setting", "SET enable_external_access = true", refused + "SET)"),
                Arguments.of("reset", "RESET spark.sql.ansi.enabled", refused + "RESET)"),
                Arguments.of("cache", "CACHE TABLE points", refused),
                Arguments.of("add jar", "ADD JAR 'TARGET'", refused),
                Arguments.of("call", "CALL system.rollback_to_snapshot('points', 1)", refused + "CALL)"),
                Arguments.of("execute immediate", "EXECUTE IMMEDIATE 'INSERT INTO points SELECT * FROM points'",
                        refused + "UNRESOLVED EXECUTE IMMEDIATE)"),
                Arguments.of("declare variable", "DECLARE VARIABLE v INT DEFAULT 1", refused),
                Arguments.of("use", "USE other", refused),
                Arguments.of("explain", "EXPLAIN SELECT 1", refused + "EXPLAIN)"),
                Arguments.of("a JVM call", "SELECT reflect('java.lang.System', 'setProperty', '" + PROPERTY
                        + "', 'set')", "query only reads: the function reflect()"),
                Arguments.of("copy", "COPY (SELECT 1) TO 'TARGET'", syntax),
                Arguments.of("attach", "ATTACH 'TARGET' AS other", syntax),
                Arguments.of("export", "EXPORT DATABASE 'TARGET'", syntax),
                Arguments.of("pragma", "PRAGMA enable_profiling", syntax),
                Arguments.of("install", "INSTALL httpfs", syntax),
                Arguments.of("load extension", "LOAD httpfs", syntax),
                Arguments.of("a second statement", "SELECT 1; COPY (SELECT 1) TO 'TARGET'", syntax));
    }

    static Stream<Arguments> writesOnBothEngines() {
        return writes().flatMap(a -> Stream.of("duckdb", "spark").map(engine -> Arguments.of(engine, a.get()[0],
                a.get()[1], a.get()[2])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("writesOnBothEngines")
    void aStatementThatWritesIsRefusedBeforeItRuns(String engine, String what, String sql, String error) {
        Path target = tmp.resolve(engine + "-" + what.replace(' ', '_'));
        var before = Tables.listing(sweep);
        boolean warehouse = Files.exists(Path.of("spark-warehouse"));
        Engine e = engine.equals("duckdb") ? duck : spark;
        String message = assertThrows(UserException.class,
                () -> e.open(new QueryText(sql.replace("TARGET", target.toString()), Map.of())).close()).getMessage();
        assertTrue(message.contains(error), message);
        assertFalse(message.contains("\n"), message);
        assertFalse(Files.exists(target), target + " was created");
        assertEquals(before, Tables.listing(sweep));
        assertEquals(warehouse, Files.exists(Path.of("spark-warehouse")));
        assertNull(System.getProperty(PROPERTY));
    }

    @Test
    void theCommandLineRefusesWithOneLineAndExitCode2() {
        CliRun r = CliRun.of("query", sweep.toString(), "CREATE TABLE t AS SELECT * FROM points");
        assertEquals(2, r.exitCode(), r.transcript());
        assertEquals("error: query only reads: this statement (CREATE TABLE AS SELECT) would write or change state, "
                + "so it is refused before it runs (run writes tables; --views lists what there is to read)",
                r.err().strip());
    }

    @Test
    void queriesOfEveryShapeStillRun() {
        for (String sql : List.of("WITH s AS (SELECT system, count(*) AS n FROM points GROUP BY system) "
                + "SELECT * FROM s WHERE n > (SELECT min(n) FROM s) ORDER BY n",
                "SELECT gpu FROM points UNION SELECT key FROM gpus", "SELECT 1 AS n",
                "SELECT * FROM points WHERE EXISTS (SELECT 1 FROM models WHERE key = points.model) LIMIT 1")) {
            assertEquals(spark.rows(sql, Map.of()).size(), duck.rows(sql, Map.of()).size(), sql);
        }
    }

    @Test
    void duckDbOpensNoFileBeyondTheTables() throws IOException {
        Path other = Files.writeString(tmp.resolve("other.csv"), "a\n1\n");
        String read = assertThrows(UserException.class,
                () -> duck.rows("SELECT * FROM read_csv('" + other + "')", Map.of())).getMessage();
        assertTrue(read.contains("Permission Error"), read);
    }
}
