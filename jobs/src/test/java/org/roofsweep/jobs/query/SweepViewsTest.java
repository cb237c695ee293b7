package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.cli.UserException;

/** How sweep folders become views: names, the union of several sweeps, and the errors for bad folders. */
class SweepViewsTest {
    @Test
    void namesAreIdentifiers() {
        assertEquals("small_test", SweepViews.identifier("small-test"));
        assertEquals("s_2026_11_24", SweepViews.identifier("2026.11.24"));
        assertEquals("default", SweepViews.sweepName(Path.of("output/default/")));
    }

    @Test
    void pointsKeepTheResultSchemaColumnOrder() {
        SparkSession spark = SharedSpark.session();
        SweepViews.register(spark, List.of(SmallSweep.get().dir()));
        List<String> expected = PointsTable.TABLE.list().stream().map(c -> c.name()).toList();
        assertEquals(expected, List.of(spark.table("points").columns()));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void severalSweepsGetPrefixedViewsAndAUnionWithASweepColumn(@TempDir Path tmp) throws IOException {
        SparkSession spark = SharedSpark.session();
        Path first = SmallSweep.get().dir();
        Path second = tmp.resolve("re-run");
        copy(first.resolve("points"), second.resolve("points"));
        List<String> views = SweepViews.register(spark, List.of(first, second)).stream()
                .map(SweepViews.View::name).toList();
        String a = SweepViews.sweepName(first);
        assertEquals(List.of(a + "_points", "re_run_points", "all_points"), views);
        assertFalse(views.contains("points"), "a bare name would mix sweeps");
        long n = SmallSweep.get().evaluations().size();
        List<Row> counts = spark.sql("SELECT sweep, count(*) FROM all_points GROUP BY sweep ORDER BY sweep")
                .collectAsList();
        assertEquals(java.util.Set.of(a, "re_run"), counts.stream().map(r -> r.getString(0))
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(counts.stream().allMatch(r -> r.getLong(1) == n));
        assertEquals("sweep", spark.table("all_points").columns()[0]);
    }

    @Test
    void twoFoldersWithTheSameNameAreRejected(@TempDir Path tmp) throws IOException {
        Path x = tmp.resolve("x/small");
        Path y = tmp.resolve("y/small");
        copy(SmallSweep.get().dir().resolve("points"), x.resolve("points"));
        copy(SmallSweep.get().dir().resolve("points"), y.resolve("points"));
        UserException e = assertThrows(UserException.class,
                () -> SweepViews.register(SharedSpark.session(), List.of(x, y)));
        assertTrue(e.getMessage().contains("both named small"), e.getMessage());
    }
}
