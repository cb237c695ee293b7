package org.roofsweep.jobs.schema;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
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
 *
 * <p>A table's columns held in a static field ({@link #of(Class)}) are serialized as that reference: a Spark task
 * that carries them receives a class name, not one serialized lambda per column (each task deserializing the points
 * table's 63 lambdas took about 20 ms, and made the JIT compile Java serialization's largest methods with C2: see
 * BENCHMARKS.md, issue 20, sixth session).
 */
public final class Columns<T> implements Serializable {
    /** The field that holds a table's columns in its class ({@link #of}). */
    public static final String FIELD = "TABLE";
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
     * Reads a whole row into a {@link Sink}, one typed call per column in table order: one method of straight-line
     * reads, which the JIT compiles with each read inlined, where the columns' own accesses cost a call each that it
     * cannot inline (a writer reads every column of a kind through one call site). A table may give one
     * ({@link #reader(RowReader)}); it must put exactly what its columns' accesses read, which the table's tests check
     * row by row.
     */
    @FunctionalInterface
    public interface RowReader<T> extends Serializable {
        void read(T value, Sink out);
    }

    /** Where a {@link RowReader} puts a row's values: one call per column, in table order, of the column's type. */
    public interface Sink {
        void putLong(long v);

        void putInt(int v);

        /** NaN and infinities are stored as null. */
        void putDouble(double v);

        void putBoolean(boolean v);

        /** Null for null. */
        void putString(String v);
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
    /** The class whose static {@link #FIELD} holds these columns, or null for columns serialized as themselves. */
    private final Class<?> owner;

    private RowReader<T> reader;

    /** Columns serialized with their accesses (a table's own are made with {@link #of}). */
    public Columns() {
        this(null);
    }

    private Columns(Class<?> owner) {
        this.owner = owner;
    }

    /**
     * The columns of a table that {@code owner}'s {@code public static final} field {@link #FIELD} holds, built in
     * its static initializer: serialized as a reference to that field, read back as the same instance.
     */
    public static <T> Columns<T> of(Class<?> owner) {
        return new Columns<>(owner);
    }

    private Object writeReplace() {
        return owner == null ? this : new Constant(owner.getName());
    }

    /** The serialized form of a table's columns: the class that holds them. */
    private record Constant(String owner) implements Serializable {
        private Object readResolve() throws ObjectStreamException {
            try {
                return Class.forName(owner, true, Columns.class.getClassLoader()).getField(FIELD).get(null);
            } catch (ReflectiveOperationException e) {
                InvalidObjectException x = new InvalidObjectException("no table columns in " + owner + "." + FIELD);
                x.initCause(e);
                throw x;
            }
        }
    }

    /** Gives the table's {@link RowReader}: every column's value of a row in one call. */
    public Columns<T> reader(RowReader<T> rowReader) {
        this.reader = rowReader;
        return this;
    }

    /** The table's {@link RowReader}, or null where a writer reads the columns one access at a time. */
    public RowReader<T> reader() {
        return reader;
    }

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
