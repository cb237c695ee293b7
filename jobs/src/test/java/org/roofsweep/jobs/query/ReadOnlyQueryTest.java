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
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * Statement class, SQL ({@code TARGET} is a path nothing may create), the error that refuses it on Spark (its
     * parser) and on DuckDB (DuckDB's parser: Spark-only syntax is a syntax error there, {@code reflect} no function).
     */
    static Stream<Arguments> writes() {
        String refused = "query only reads: this statement (";
        String syntax = "PARSE_SYNTAX_ERROR";
        String duckSyntax = "SQL: Parser Error: syntax error";
        return Stream.of(
                Arguments.of("insert", "INSERT INTO points SELECT * FROM points", refused + "INSERT INTO)",
                        refused + "INSERT)"),
                Arguments.of("insert overwrite directory", "INSERT OVERWRITE DIRECTORY 'TARGET' USING parquet "
                        + "SELECT * FROM points LIMIT 1", refused + "INSERT INTO DIR)",
                        duckSyntax),
                Arguments.of("insert overwrite local directory", "INSERT OVERWRITE LOCAL DIRECTORY 'TARGET' "
                        + "STORED AS parquet SELECT 1", refused + "INSERT INTO DIR)",
                        duckSyntax),
                Arguments.of("insert after WITH", "WITH p AS (SELECT * FROM points) INSERT INTO points SELECT * "
                        + "FROM p", refused + "INSERT INTO)",
                        refused + "INSERT)"),
                Arguments.of("create table as select", "CREATE TABLE t USING parquet LOCATION 'TARGET' AS SELECT 1",
                        refused + "CREATE TABLE AS SELECT)",
                        duckSyntax),
                Arguments.of("create table", "CREATE TABLE t (a INT) USING parquet", refused + "CREATE TABLE)",
                        duckSyntax),
                Arguments.of("create view", "CREATE TEMPORARY VIEW v AS SELECT 1", refused,
                        refused + "CREATE)"),
                Arguments.of("drop", "DROP VIEW points", refused,
                        refused + "DROP)"),
                Arguments.of("alter", "ALTER VIEW points AS SELECT 1", refused,
                        duckSyntax),
                Arguments.of("truncate", "TRUNCATE TABLE points", refused,
                        refused + "TRUNCATE)"),
                Arguments.of("delete", "DELETE FROM points WHERE true", refused,
                        refused + "DELETE)"),
                Arguments.of("update", "UPDATE points SET batch = 0", refused,
                        refused + "UPDATE)"),
                Arguments.of("merge", "MERGE INTO points t USING points s ON t.point_id = s.point_id "
                        + "WHEN MATCHED THEN DELETE", refused,
                        refused + "MERGE)"),
                Arguments.of("set", "SET spark.sql.ansi.enabled = false", refused + "SET)",
                        refused + "SET)"),
                Arguments.of("set a DuckDB setting", "SET enable_external_access = true", refused + "SET)",
                        refused + "SET)"),
                Arguments.of("reset", "RESET spark.sql.ansi.enabled", refused + "RESET)",
                        refused + "RESET)"),
                Arguments.of("cache", "CACHE TABLE points", refused,
                        duckSyntax),
                Arguments.of("add jar", "ADD JAR 'TARGET'", refused,
                        duckSyntax),
                Arguments.of("call", "CALL system.rollback_to_snapshot('points', 1)", refused + "CALL)",
                        refused + "CALL)"),
                Arguments.of("execute immediate", "EXECUTE IMMEDIATE 'INSERT INTO points SELECT * FROM points'",
                        refused + "UNRESOLVED EXECUTE IMMEDIATE)",
                        duckSyntax),
                Arguments.of("declare variable", "DECLARE VARIABLE v INT DEFAULT 1", refused,
                        duckSyntax),
                Arguments.of("use", "USE other", refused,
                        refused + "USE)"),
                Arguments.of("explain", "EXPLAIN SELECT 1", refused + "EXPLAIN)",
                        refused + "EXPLAIN)"),
                Arguments.of("a JVM call", "SELECT reflect('java.lang.System', 'setProperty', '" + PROPERTY
                        + "', 'set')", "query only reads: the function reflect()",
                        "reflect does not exist"),
                Arguments.of("copy", "COPY (SELECT 1) TO 'TARGET'", syntax,
                        refused + "COPY)"),
                Arguments.of("attach", "ATTACH 'TARGET' AS other", syntax,
                        refused + "ATTACH)"),
                Arguments.of("export", "EXPORT DATABASE 'TARGET'", syntax,
                        refused + "EXPORT)"),
                Arguments.of("pragma", "PRAGMA enable_profiling", syntax,
                        refused + "PRAGMA)"),
                Arguments.of("install", "INSTALL httpfs", syntax,
                        refused + "INSTALL)"),
                Arguments.of("load extension", "LOAD httpfs", syntax,
                        refused + "LOAD)"),
                Arguments.of("a second statement", "SELECT 1; COPY (SELECT 1) TO 'TARGET'", syntax,
                        refused + "COPY)"),
                Arguments.of("two statements that write", "DROP VIEW points; CREATE VIEW v AS SELECT 1", syntax,
                        "query only reads: these statements (DROP, CREATE) would write"));
    }

    static Stream<Arguments> writesOnBothEngines() {
        return writes().flatMap(a -> Stream.of("duckdb", "spark").map(engine -> Arguments.of(engine, a.get()[0],
                a.get()[1], a.get()[engine.equals("spark") ? 2 : 3])));
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
        assertEquals("error: query only reads: this statement (CREATE) would write or change state, "
                + "so it is refused before it runs (run writes tables; --views lists what there is to read)",
                r.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WITH s AS (SELECT system, count(*) AS n FROM points GROUP BY system) "
            + "SELECT * FROM s WHERE n > (SELECT min(n) FROM s) ORDER BY n",
            "SELECT gpu FROM points UNION SELECT key FROM gpus", "SELECT 1 AS n",
            "SELECT * FROM points WHERE EXISTS (SELECT 1 FROM models WHERE key = points.model) LIMIT 1"})
    void queriesOfEveryShapeStillRun(String sql) {
        assertEquals(spark.rows(sql, Map.of()).size(), duck.rows(sql, Map.of()).size(), sql);
    }

    @Test
    void duckDbOpensNoFileBeyondTheTables() throws IOException {
        Path other = Files.writeString(tmp.resolve("other.csv"), "a\n1\n");
        String read = assertThrows(UserException.class,
                () -> duck.rows("SELECT * FROM read_csv('" + other + "')", Map.of())).getMessage();
        assertTrue(read.contains("Permission Error"), read);
    }
}
