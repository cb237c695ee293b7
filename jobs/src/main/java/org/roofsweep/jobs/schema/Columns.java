package org.roofsweep.jobs.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a table over values of type {@code T}, in order: each column's name, Spark type, nullability and the
 * function that reads it, so that a table's schema and its rows come from one list and can never disagree.
 */
public final class Columns<T> implements Serializable {
    /** Reads one column's value; serializable so that tasks can carry it. */
    public interface Getter<T> extends Function<T, Object>, Serializable {
    }

    /** One column. */
    public record Column<T>(String name, DataType type, boolean nullable, Getter<T> value) implements Serializable {
    }

    private final List<Column<T>> columns = new ArrayList<>();

    Columns<T> add(String name, DataType type, boolean nullable, Getter<T> getter) {
        columns.add(new Column<>(name, type, nullable, getter));
        return this;
    }

    public List<Column<T>> list() {
        return List.copyOf(columns);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    public StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (Column<T> c : columns) {
            fields.add(DataTypes.createStructField(c.name(), c.type(), c.nullable()));
        }
        return DataTypes.createStructType(fields);
    }

    /** The value's columns in table order, as the table stores them (boxed, null where a column is null). */
    public Object[] values(T value) {
        Object[] values = new Object[columns.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = columns.get(k).value().apply(value);
        }
        return values;
    }

    public Row toRow(T value) {
        return RowFactory.create(values(value));
    }

    /** NaN and infinities become null: SQL aggregates skip them instead of turning into NaN. */
    static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
