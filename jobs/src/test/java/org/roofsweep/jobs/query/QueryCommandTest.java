package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.CliRun;
import org.roofsweep.jobs.SharedSpark;

/** {@code query} from the command line: output formats, and one-line errors with exit code 2. */
class QueryCommandTest {
    private static final String BY_SYSTEM = "SELECT system, count(*) AS n, max(ttft_s) AS worst_ttft_s "
            + "FROM points GROUP BY system ORDER BY system";
    private static String sweep;

    @BeforeAll
    static void sweep() {
        SharedSpark.session();
        sweep = SmallSweep.get().dir().toString();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static long systems() {
        return SmallSweep.get().evaluations().stream().map(e -> e.point().system()).distinct().count();
    }

    @Test
    void printsAnAlignedTableWithItsRowCount() {
        CliRun r = run("query", sweep, BY_SYSTEM);
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("system\\s+n\\s+worst_ttft_s"), lines.get(0));
        assertTrue(lines.get(1).matches("-+( +-+)+"), lines.get(1));
        assertEquals(lines.get(0).length(), lines.get(2).length(), "columns line up");
        assertEquals("(" + systems() + " rows)", lines.get(lines.size() - 1));
    }

    @Test
    void writesCsvWithAHeaderAndEveryRow(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("out/by_system.csv");
        CliRun r = run("query", sweep, BY_SYSTEM, "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("system,n,worst_ttft_s", lines.get(0));
        assertEquals(systems() + 1, lines.size());
        assertTrue(r.err().contains("wrote " + systems() + " rows to " + csv));
    }

    @Test
    void printsJsonLinesKeepingNulls() throws IOException {
        CliRun r = run("query", sweep, "--json", "SELECT gpu, ttft_s FROM points WHERE NOT fits LIMIT 3");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        for (String line : lines) {
            JsonNode row = new ObjectMapper().readTree(line);
            assertTrue(row.has("ttft_s") && row.get("ttft_s").isNull(), line);
        }
    }

    @Test
    void readsTheSqlFromAFileWithItsParameterDefaultsAndOverrides() {
        CliRun defaults = run("query", sweep, "--file", "configs/queries/cheapest_gpu.sql");
        assertEquals(0, defaults.exitCode(), defaults.err());
        assertTrue(defaults.out().contains("rtx3060_12gb"), defaults.out());
        CliRun none = run("query", sweep, "--file", "configs/queries/cheapest_gpu.sql", "--param",
                "target_tokens_per_s=1e6");
        assertEquals(0, none.exitCode(), none.err());
        assertTrue(none.out().endsWith("(0 rows)\n"), none.out());
    }

    @Test
    void readsFileUrisAndRunsTheSameOnSpark() {
        String uri = Path.of(sweep).toUri().toString();
        CliRun duck = run("query", uri, BY_SYSTEM);
        CliRun spark = run("query", uri, "--engine", "spark", BY_SYSTEM);
        assertEquals(0, duck.exitCode(), duck.err());
        assertEquals(0, spark.exitCode(), spark.err());
        assertEquals(duck.out(), spark.out());
    }

    @Test
    void listsTheViews() {
        CliRun r = run("query", sweep, "--views");
        assertEquals(0, r.exitCode(), r.err());
        for (String view : List.of("points (points of sweep ", "): point_id bigint, platform string",
                "all_points (points of every sweep, with a sweep column): sweep string",
                "gpus (the GPU catalog): key string", "models (the model catalog): key string")) {
            assertTrue(r.out().contains(view), view + " in\n" + r.out());
        }
    }

    private static void assertUserError(CliRun r, String message) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(message), lines.get(0));
    }

    @Test
    void aMissingOrEmptySweepFolderIsAUserError(@TempDir Path tmp) {
        assertUserError(run("query", tmp.resolve("nope").toString(), "SELECT 1"), "no sweep folder");
        assertUserError(run("query", tmp.toString(), "SELECT 1"), "holds no committed sweep");
    }

    @Test
    void aFolderOfParquetFilesThatNoRunCommittedIsNeverServed(@TempDir Path tmp) throws IOException {
        // the small sweep's data files without their Iceberg metadata: what a plain writer, or an older roofsweep,
        // leaves; and a points table whose metadata has no snapshot yet, as a first run killed before its commit
        Path plain = tmp.resolve("plain");
        try (var files = Files.walk(SmallSweep.get().dir().resolve("points"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                Path to = plain.resolve("points").resolve(SmallSweep.get().dir().resolve("points").relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        assertUserError(run("query", plain.toString(), "SELECT count(*) FROM points"),
                "points is not an Iceberg table, so no run committed it");
        Path empty = tmp.resolve("empty");
        org.roofsweep.jobs.write.IcebergTables.createOrLoad(empty.resolve("points").toString(),
                org.roofsweep.jobs.schema.PointsTable.TABLE.schema(), List.of(),
                new org.apache.hadoop.conf.Configuration());
        assertUserError(run("query", empty.toString(), "SELECT count(*) FROM points"),
                "points has no snapshot committed by a roofsweep run yet");
    }

    @Test
    void sqlErrorsAreOneLineUserErrors() {
        assertUserError(run("query", sweep, "SELECT no_such_column FROM points"), "no_such_column");
        assertUserError(run("query", sweep, "SELEKT 1"), "syntax error at or near \"SELEKT\"");
        assertUserError(run("query", sweep, "--engine", "spark", "SELEKT 1"), "PARSE_SYNTAX_ERROR");
        assertUserError(run("query", sweep, "SELECT * FROM no_such_view"), "Views: ");
        assertUserError(run("query", sweep, "--engine", "spark", "SELECT no_such_column FROM points"),
                "UNRESOLVED_COLUMN");
        assertUserError(run("query", sweep, "--engine", "spark", "SELECT * FROM no_such_view"), "Views: ");
    }

    @Test
    void aMissingStatementIsAUserError() {
        assertUserError(run("query", sweep, "--file", "no/such.sql"), "no SQL file");
        assertUserError(run("query", sweep, "--engine", "presto", "SELECT 1"), "--engine must be");
    }
}
