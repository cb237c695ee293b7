package org.roofsweep.jobs.query;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A SQL engine with the views of one or more sweeps and of the catalog registered: embedded DuckDB for tables on the
 * local file system, Spark SQL for any Hadoop file system. Both take the same SQL (Spark's dialect; DuckDB through
 * {@link DuckDbDialect}) and return rows of the same Java types, so the CLI and the report never see which one ran.
 */
public interface Engine extends AutoCloseable {
    /** {@code duckdb} or {@code spark}. */
    String name();

    /** The registered views, in the order they were registered. */
    List<View> views();

    /** The columns of a registered view (or of one {@link #keep} made). */
    StructType schema(String view);

    /** Runs {@code q}; mistakes in the SQL (syntax, unknown names, errors raised while it runs) are user errors. */
    Cursor open(QueryText q);

    /** Computes {@code sql} once and registers the result as {@code view}, until the engine closes. */
    void keep(String sql, String view);

    @Override
    void close();

    /** Every row of {@code sql} with the {@code :name} parameters {@code params}. */
    default List<Row> rows(String sql, Map<String, Object> params) {
        try (Cursor c = open(new QueryText(sql, params))) {
            return c.drain();
        }
    }

    /** The view names, for error messages. */
    default List<String> viewNames() {
        return views().stream().map(View::name).toList();
    }
}
