package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.SharedSpark;

/**
 * DuckDB and Spark SQL over the same tables give the same answer, cell by cell: every example query of
 * configs/queries/ (with its defaults, and crossover along both axes), and the Spark functions the translation
 * covers. Integers must come back as the same Java type; doubles agree to 1e-9 relative (the engines sum in
 * different orders).
 */
class EnginesAgreeTest {
    private static Engine spark;
    private static Engine duck;

    @BeforeAll
    static void open() {
        SweepTables tables = SmallSweep.tables(SmallSweep.get().dir());
        spark = SparkEngine.open(SharedSpark.session(), tables, SmallSweep.CATALOGS);
        duck = DuckDbEngine.open(tables, SmallSweep.CATALOGS);
    }

    @AfterAll
    static void close() {
        duck.close();
        spark.close();
    }

    private static void assertSameAnswer(String sql, List<String> params) {
        QueryText q = QueryText.of(sql, params);
        List<Row> s;
        List<Row> d;
        List<String> sNames;
        List<String> dNames;
        try (Cursor c = spark.open(q)) {
            sNames = List.of(c.schema().fieldNames());
            s = c.drain();
        }
        try (Cursor c = duck.open(q)) {
            dNames = List.of(c.schema().fieldNames());
            d = c.drain();
        }
        assertEquals(sNames, dNames, "columns of\n" + sql);
        assertEquals(s.size(), d.size(), "rows of\n" + sql);
        for (int i = 0; i < s.size(); i++) {
            for (int c = 0; c < sNames.size(); c++) {
                assertSameCell(s.get(i).get(c), d.get(i).get(c), "row " + i + " column " + sNames.get(c) + " of\n"
                        + sql);
            }
        }
    }

    private static void assertSameCell(Object s, Object d, String where) {
        if (s == null || d == null) {
            assertEquals(s, d, where);
        } else if (s instanceof Double x && d instanceof Double y) {
            assertEquals(x, y, 1e-9 * Math.max(1e-300, Math.abs(x)), where);
        } else if (s instanceof BigDecimal x && d instanceof BigDecimal y) {
            assertEquals(0, x.compareTo(y), where + ": " + x + " vs " + y);
        } else if (s instanceof Row x && d instanceof Row y) {
            assertEquals(x.size(), y.size(), where);
            for (int i = 0; i < x.size(); i++) {
                assertSameCell(x.get(i), y.get(i), where + " field " + i);
            }
        } else {
            assertEquals(s.getClass(), d.getClass(), where + ": " + s + " vs " + d);
            assertEquals(s, d, where);
        }
    }

    @Test
    void everyExampleQueryGivesTheSameRowsOnBothEngines() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("configs/queries"))) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "the example queries");
        for (Path f : files) {
            String sql = Files.readString(f);
            List<List<String>> paramSets = new ArrayList<>(List.of(List.of()));
            if (f.getFileName().toString().equals("crossover.sql")) {
                paramSets.add(List.of("axis=prompt_tokens"));
            }
            for (List<String> params : paramSets) {
                assertSameAnswer(sql, params);
            }
        }
    }

    @Test
    void theSparkFunctionsDuckDbLacksMeanTheSameThere() {
        assertSameAnswer("""
                SELECT system, array_join(array_sort(collect_set(gpu)), ', ') AS gpus, count_if(fits) AS fitting,
                       max_by(struct(gpu, batch, ttft_s), ttft_s) AS slowest, try_divide(count(*), 0) AS none,
                       percentile(ttft_s, 0.5) AS p50, median(ttft_s) AS median, sum(batch) AS batches,
                       min(images) AS min_images, `system` AS quoted
                FROM points WHERE fits AND model <=> :model GROUP BY system ORDER BY system
                """, List.of("model=llava_1_5_7b"));
    }

    @Test
    void nullsSortFirstAscendingAndLastDescendingAsInSpark() {
        assertSameAnswer("SELECT gpu, ttft_s FROM points ORDER BY ttft_s, point_id LIMIT 20", List.of());
        assertSameAnswer("SELECT gpu, ttft_s FROM points ORDER BY ttft_s DESC, point_id DESC LIMIT 20", List.of());
    }

    @Test
    void bothOfferTheSameViewsWithTheSameColumns() {
        assertEquals(spark.viewNames(), duck.viewNames());
        for (String v : spark.viewNames()) {
            assertEquals(List.of(spark.schema(v).fieldNames()), List.of(duck.schema(v).fieldNames()), v);
        }
        assertFalse(duck.viewNames().isEmpty());
    }
}
