package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.query.SmallSweep;

/**
 * A result far larger than the heap streams out of {@code query}: a child JVM with a {@value #HEAP} heap prints,
 * writes as CSV and as JSON lines 518,400 rows of about 210 bytes each (some 110 MB), so no output may hold the
 * result; {@code --max-rows} bounds only the console. A limit beyond a 64-bit count is an option error.
 */
class LargeResultsTest {
    private static final String HEAP = "-Xmx64m";
    /** 648 points of the small sweep x 800 = 518,400 rows, each with a 200-character pad. */
    private static final long ROWS = 648L * 800;
    private static final String SQL = "SELECT p.point_id, repeat('x', 200) AS pad FROM points p CROSS JOIN range(800)";
    private static String sweep;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sweep() {
        SharedSpark.session();
        sweep = SmallSweep.get().dir().toString();
        assertEquals(648, SmallSweep.get().evaluations().size());
    }

    @Test
    void csvJsonAndALongTableStreamInASmallHeap() throws IOException, InterruptedException {
        Path csv = tmp.resolve("all.csv");
        Path csvLog = query("csv", "--csv", csv.toString());
        assertEquals(ROWS + 1, lines(csv), Files.readString(csvLog));
        Path json = query("json", "--json");
        assertEquals(ROWS, lines(json));
        Path table = query("table", "--max-rows", "600000");
        // header, rule, every row, then the count line
        assertEquals(ROWS + 3, lines(table));
        assertTrue(Files.readString(table).endsWith("(" + ROWS + " rows)\n"));
    }

    @Test
    void aMaxRowsBeyond64BitsIsAnOptionError() {
        CliRun r = CliRun.of("query", sweep, "--max-rows", "99999999999999999999", "SELECT 1 AS n");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("Invalid value for option '--max-rows': '99999999999999999999' is not a long"),
                r.err());
        CliRun zero = CliRun.of("query", sweep, "--max-rows", "0", "SELECT 1 AS n");
        assertEquals("error: --max-rows must be at least 1", zero.err().strip());
    }

    /** Runs the query in a child JVM with a small heap; returns its output, after checking that it ended well. */
    private Path query(String name, String... options) throws IOException, InterruptedException {
        Path log = tmp.resolve(name + ".out");
        List<String> args = new java.util.ArrayList<>(List.of("query", sweep));
        args.addAll(List.of(options));
        args.add(SQL);
        Process p = ChildJvm.cli(log, List.of(HEAP), args.toArray(String[]::new));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + " did not end in 5 minutes");
        assertEquals(0, p.exitValue(), name + ": " + tail(log));
        return log;
    }

    private static long lines(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f)) {
            return r.lines().count();
        }
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log);
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
