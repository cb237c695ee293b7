package org.roofsweep.jobs.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.cli.UserException;

/**
 * Registers the tables of one or more sweep folders as Spark SQL temporary views. A table is a sub-folder holding
 * Parquet files ({@code points/}, {@code operators/}, ...); a sweep's name is its folder's name with every character
 * but letters, digits and '_' turned into '_'. For each table {@code t} of sweep {@code s}:
 * <ul>
 * <li>{@code s_t}: that sweep's table;</li>
 * <li>{@code all_t}: the union over every sweep given that has {@code t}, with a leading {@code sweep} column (columns
 * a sweep lacks are null);</li>
 * <li>{@code t}: the same as {@code s_t} when exactly one sweep is given (with several, a bare name would silently
 * mix sweeps, so queries say which one or use {@code all_t}).</li>
 * </ul>
 * The {@code points} table's columns come in {@link PointsTable} order (partition columns are read back last).
 */
public final class SweepViews {
    /** One registered view and where it comes from. */
    public record View(String name, String description) {
    }

    private SweepViews() {
    }

    /**
     * The table folders of each sweep folder, by sweep name, without starting Spark: throws {@link UserException}
     * for no folder, a missing or empty one, or two with the same name.
     */
    public static Map<String, List<Path>> check(List<Path> sweeps) {
        if (sweeps.isEmpty()) {
            throw new UserException("no sweep folder given (e.g. output/small)");
        }
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (Path dir : sweeps) {
            String sweep = sweepName(dir);
            if (out.containsKey(sweep)) {
                throw new UserException("two sweep folders are both named " + sweep + " (" + dir
                        + "); give folders with distinct names");
            }
            out.put(sweep, tableDirs(dir));
        }
        return out;
    }

    /** Registers every table of every sweep folder (see {@link #check} for the errors). */
    public static List<View> register(SparkSession spark, List<Path> sweeps) {
        Map<String, List<Path>> folders = check(sweeps);
        // string partition values stay strings ("7" is a model key, not a number)
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        Map<String, Map<String, Dataset<Row>>> bySweep = new LinkedHashMap<>();
        folders.forEach((sweep, tableDirs) -> {
            Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
            for (Path t : tableDirs) {
                tables.put(identifier(t.getFileName().toString()), read(spark, t));
            }
            bySweep.put(sweep, tables);
        });
        List<View> views = new ArrayList<>();
        Set<String> tableNames = new LinkedHashSet<>();
        bySweep.forEach((sweep, tables) -> tables.forEach((table, df) -> {
            df.createOrReplaceTempView(sweep + "_" + table);
            views.add(new View(sweep + "_" + table, table + " of sweep " + sweep));
            tableNames.add(table);
        }));
        for (String table : tableNames) {
            Dataset<Row> union = null;
            for (Map.Entry<String, Map<String, Dataset<Row>>> e : bySweep.entrySet()) {
                Dataset<Row> df = e.getValue().get(table);
                if (df == null) {
                    continue;
                }
                List<Column> cols = new ArrayList<>();
                cols.add(functions.lit(e.getKey()).as("sweep"));
                for (String c : df.columns()) {
                    cols.add(df.col(c));
                }
                Dataset<Row> tagged = df.select(cols.toArray(Column[]::new));
                union = union == null ? tagged : union.unionByName(tagged, true);
            }
            union.createOrReplaceTempView("all_" + table);
            views.add(new View("all_" + table, table + " of every sweep, with a sweep column"));
            if (bySweep.size() == 1) {
                bySweep.values().iterator().next().get(table).createOrReplaceTempView(table);
                views.add(new View(table, table + " of sweep " + bySweep.keySet().iterator().next()));
            }
        }
        return views;
    }

    /** The view-name prefix of a sweep folder. */
    public static String sweepName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return identifier(name == null ? "sweep" : name.toString());
    }

    /** Letters, digits and '_' only, not starting with a digit. */
    static String identifier(String s) {
        String id = s.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "s_" + id : id;
    }

    /** The sub-folders of a sweep folder that hold Parquet files, sorted. */
    static List<Path> tableDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("no sweep folder " + dir + (Files.exists(dir) ? " (it is a file)" : ""));
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                if (Files.isDirectory(child) && holdsParquet(child)) {
                    out.add(child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new UserException(dir + " holds no tables (expected Parquet folders such as points/; "
                    + "has the sweep run?)");
        }
        return out;
    }

    private static boolean holdsParquet(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset<Row> read(SparkSession spark, Path table) {
        Dataset<Row> df = spark.read().parquet(table.toString());
        if (!table.getFileName().toString().equals("points")) {
            return df;
        }
        List<String> present = List.of(df.columns());
        List<Column> ordered = new ArrayList<>();
        for (Columns.Column<?> c : PointsTable.TABLE.list()) {
            if (present.contains(c.name())) {
                ordered.add(df.col(c.name()));
            }
        }
        for (String c : present) {
            if (PointsTable.TABLE.list().stream().noneMatch(rc -> rc.name().equals(c))) {
                ordered.add(df.col(c));
            }
        }
        return df.select(ordered.toArray(Column[]::new));
    }
}
