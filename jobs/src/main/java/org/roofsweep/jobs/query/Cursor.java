package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of one query as they arrive, whatever engine ran it. Values are plain Java: {@code Long}, {@code Integer},
 * {@code Double}, {@code BigDecimal}, {@code String}, {@code Boolean}, {@code java.util.List} for arrays and a
 * {@link Row} with field names for structs; each row knows its schema ({@code getAs(name)} works).
 */
public interface Cursor extends Iterator<Row>, AutoCloseable {
    /** Column names and types. */
    StructType schema();

    /** Frees what the engine holds for this result; errors of the SQL come as {@code UserException}. */
    @Override
    void close();

    /** Every remaining row. */
    default List<Row> drain() {
        List<Row> rows = new ArrayList<>();
        forEachRemaining(rows::add);
        return rows;
    }
}
