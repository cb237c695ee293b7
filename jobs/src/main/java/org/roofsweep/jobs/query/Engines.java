package org.roofsweep.jobs.query;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.write.HadoopConf;

/** Which engine runs the SQL: the one asked for, else DuckDB when every table is local and Spark otherwise. */
public final class Engines {
    /** The {@code --engine} choices. */
    public enum Choice { AUTO, DUCKDB, SPARK }

    private Engines() {
    }

    /** The choice named {@code text} ({@code auto}, {@code duckdb} or {@code spark}). */
    public static Choice choice(String text) {
        try {
            return Choice.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--engine must be auto, duckdb or spark, not " + text);
        }
    }

    /** Lists the tables of {@code sweeps}: local ones directly, others through Hadoop (see {@link SweepTables#list}). */
    public static SweepTables list(List<String> sweeps) {
        return SweepTables.list(sweeps, HadoopConf::current);
    }

    /**
     * The engine over {@code tables}, with the catalog views unless {@code catalogs} is null; {@code spark} starts a
     * session only if Spark is chosen.
     */
    public static Engine open(Choice choice, SweepTables tables, Catalogs catalogs, Supplier<SparkSession> spark) {
        boolean duck = choice == Choice.DUCKDB || choice == Choice.AUTO && tables.local();
        return duck ? DuckDbEngine.open(tables, catalogs) : SparkEngine.open(spark.get(), tables, catalogs);
    }
}
