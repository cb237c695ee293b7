package org.roofsweep.jobs.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a table over values of type {@code T}, in order: each column's name, Spark type, nullability and the
 * function that reads it, so that a table's schema and its rows come from one list and can never disagree.
 *
 * <p>A column reads its value through an {@link Access} of its type: {@link Longs}, {@link Ints}, {@link Doubles},
 * {@link Booleans} and {@link Strings} return primitives (or a string), so that a writer can take a value's columns
 * without boxing a single number; {@link Getter} returns any boxed value (null for null). A double column's NaN and
 * infinities are null: SQL aggregates skip them instead of turning into NaN. A string column's null is null.
 */
public final class Columns<T> implements Serializable {
    /** How a column reads its value from a {@code T}; serializable so that tasks can carry it. */
    public sealed interface Access<T> extends Serializable permits Longs, Ints, Doubles, Booleans, Strings, Getter {
    }

    /** A long column's value. */
    @FunctionalInterface
    public non-sealed interface Longs<T> extends Access<T> {
        long get(T value);
    }

    /** An int column's value. */
    @FunctionalInterface
    public non-sealed interface Ints<T> extends Access<T> {
        int get(T value);
    }

    /** A double column's value; NaN and infinities are stored as null. */
    @FunctionalInterface
    public non-sealed interface Doubles<T> extends Access<T> {
        double get(T value);
    }

    /** A boolean column's value. */
    @FunctionalInterface
    public non-sealed interface Booleans<T> extends Access<T> {
        boolean get(T value);
    }

    /** A string column's value, null for null. */
    @FunctionalInterface
    public non-sealed interface Strings<T> extends Access<T> {
        String get(T value);
    }

    /** Any column's value boxed (Long, Integer, Double, Boolean or String as its type says), null for null. */
    @FunctionalInterface
    public non-sealed interface Getter<T> extends Access<T> {
        Object get(T value);
    }

    /**
     * A column type and the access its values are read with: {@code add("batch", ints, e -> e.batch())} types the
     * lambda as an {@link Ints}.
     */
    public record Kind<A>(DataType type) implements Serializable {
    }

    public static <T> Kind<Longs<T>> longs() {
        return new Kind<>(DataTypes.LongType);
    }

    public static <T> Kind<Ints<T>> ints() {
        return new Kind<>(DataTypes.IntegerType);
    }

    public static <T> Kind<Doubles<T>> doubles() {
        return new Kind<>(DataTypes.DoubleType);
    }

    public static <T> Kind<Booleans<T>> booleans() {
        return new Kind<>(DataTypes.BooleanType);
    }

    public static <T> Kind<Strings<T>> strings() {
        return new Kind<>(DataTypes.StringType);
    }

    /** One column. */
    public record Column<T>(String name, DataType type, boolean nullable, Access<T> access) implements Serializable {
        /** The column's value of {@code t}, boxed as the table stores it (null where the column is null). */
        public Object value(T t) {
            if (access instanceof Longs<T> a) {
                return a.get(t);
            }
            if (access instanceof Ints<T> a) {
                return a.get(t);
            }
            if (access instanceof Doubles<T> a) {
                return finite(a.get(t));
            }
            if (access instanceof Booleans<T> a) {
                return a.get(t);
            }
            if (access instanceof Strings<T> a) {
                return a.get(t);
            }
            return ((Getter<T>) access).get(t);
        }
    }

    private final List<Column<T>> columns = new ArrayList<>();

    /** Adds a column typed by its kind: the access is {@code kind}'s. */
    public <A extends Access<T>> Columns<T> add(String name, Kind<A> kind, boolean nullable, A access) {
        return add(name, kind.type(), nullable, access);
    }

    /** Adds a column; {@code access} must be of {@code type}'s kind, or a {@link Getter}. */
    public Columns<T> add(String name, DataType type, boolean nullable, Access<T> access) {
        columns.add(new Column<>(name, type, nullable, access));
        return this;
    }

    /**
     * The columns of rows given as value arrays in the order of {@code schema}'s fields, boxed as
     * {@link #values} gives them (for writers and tests that hold rows as arrays).
     */
    public static Columns<Object[]> ofArrays(StructType schema) {
        Columns<Object[]> c = new Columns<>();
        StructField[] fields = schema.fields();
        for (int k = 0; k < fields.length; k++) {
            int index = k;
            c.add(fields[k].name(), fields[k].dataType(), fields[k].nullable(), (Getter<Object[]>) row -> row[index]);
        }
        return c;
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
            values[k] = columns.get(k).value(value);
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
