package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * The views of one or more sweeps, the same under every engine. For each table {@code t} of sweep {@code s}:
 * <ul>
 * <li>{@code s_t}: that sweep's table;</li>
 * <li>{@code all_t}: the union over every sweep given that has {@code t}, with a leading {@code sweep} column (columns
 * a sweep lacks are null);</li>
 * <li>{@code t}: the same as {@code s_t} when exactly one sweep is given (with several, a bare name would silently
 * mix sweeps, so queries say which one or use {@code all_t}).</li>
 * </ul>
 * The {@code points} table's columns come in {@link PointsTable} order (partition columns are read back last).
 * {@link #register} registers them as Spark SQL temporary views.
 */
public final class SweepViews {
    private SweepViews() {
    }

    /** The views of {@code tables}, in the order an engine registers them; {@code register} names each. */
    static List<View> plan(SweepTables tables, ViewSink register) {
        List<View> views = new ArrayList<>();
        Map<String, Set<String>> sweepsByTable = new LinkedHashMap<>();
        tables.sweeps().forEach((sweep, s) -> s.tables().forEach((table, t) -> {
            register.table(sweep + "_" + table, table, t);
            views.add(new View(sweep + "_" + table, table + " of sweep " + sweep));
            sweepsByTable.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(sweep);
        }));
        sweepsByTable.forEach((table, sweeps) -> {
            register.union("all_" + table, table, List.copyOf(sweeps));
            views.add(new View("all_" + table, table + " of every sweep, with a sweep column"));
            if (tables.sweeps().size() == 1) {
                String sweep = sweeps.iterator().next();
                register.alias(table, sweep + "_" + table);
                views.add(new View(table, table + " of sweep " + sweep));
            }
        });
        return views;
    }

    /** How one engine makes the three kinds of view. */
    interface ViewSink {
        /** {@code view}: the table folder {@code t}, whose table is named {@code table}. */
        void table(String view, String table, SweepTables.Table t);

        /** {@code view}: the union of {@code sweep_table} over {@code sweeps}, with a leading sweep column. */
        void union(String view, String table, List<String> sweeps);

        /** {@code view}: the same rows as {@code of}. */
        void alias(String view, String of);
    }

    /** The points table's columns in {@link PointsTable} order, then any the table has beyond them. */
    static List<String> ordered(String table, List<String> present) {
        if (!table.equals(PointsTable.NAME)) {
            return present;
        }
        List<String> ordered = new ArrayList<>();
        for (Columns.Column<?> c : PointsTable.TABLE.list()) {
            if (present.contains(c.name())) {
                ordered.add(c.name());
            }
        }
        for (String c : present) {
            if (!ordered.contains(c)) {
                ordered.add(c);
            }
        }
        return ordered;
    }

    /** Registers every table of every sweep as Spark temporary views. */
    public static List<View> register(SparkSession spark, SweepTables tables) {
        // string partition values stay strings ("7" is a model key, not a number)
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        return plan(tables, new ViewSink() {
            @Override
            public void table(String view, String table, SweepTables.Table t) {
                // the snapshot's files only, partition values from the folder names below the data folder
                Dataset<Row> df = spark.read().option("basePath", t.uri()).parquet(t.files().toArray(String[]::new));
                df.select(ordered(table, List.of(df.columns())).stream().map(df::col).toArray(Column[]::new))
                        .createOrReplaceTempView(view);
            }

            @Override
            public void union(String view, String table, List<String> sweeps) {
                Dataset<Row> union = null;
                for (String sweep : sweeps) {
                    Dataset<Row> df = spark.table(sweep + "_" + table);
                    List<Column> cols = new ArrayList<>();
                    cols.add(functions.lit(sweep).as("sweep"));
                    for (String c : df.columns()) {
                        cols.add(df.col(c));
                    }
                    Dataset<Row> tagged = df.select(cols.toArray(Column[]::new));
                    union = union == null ? tagged : union.unionByName(tagged, true);
                }
                union.createOrReplaceTempView(view);
            }

            @Override
            public void alias(String view, String of) {
                spark.table(of).createOrReplaceTempView(view);
            }
        });
    }
}
