package org.roofsweep.jobs.write;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.roofsweep.jobs.schema.Columns;

/**
 * How the rows of a table (values of type {@code T}, read column by column through its {@link Columns}) lie in Parquet
 * files partitioned by some of its columns, as Spark itself lays them out: the partition columns only in folder names ({@code platform=x/model=y}),
 * every other column in the file, Spark's types mapped to the Parquet types Spark writes (long INT64, int INT32,
 * double DOUBLE, boolean BOOLEAN, string BINARY annotated STRING), nullable columns OPTIONAL and the others REQUIRED.
 * Spark, DuckDB and any Parquet reader see the same table as if Spark had written it.
 *
 * <p>Serialized as what it is built from (the columns and the partition columns) and rebuilt on the reading side,
 * so that a task carries neither the Spark schema nor the derived arrays.
 */
public final class RowLayout<T> implements Serializable {
    private final Columns<T> columns;
    private final StructType table;
    private final List<String> partitionBy;
    private final int[] partitionColumns;
    private final int[] fileColumns;
    private final String[] names;
    private final PrimitiveTypeName[] types;
    private transient MessageType fileSchema;

    /** The layout of a table of {@code columns} partitioned by the columns {@code partitionBy}, in order. */
    public RowLayout(Columns<T> columns, List<String> partitionBy) {
        this.columns = columns;
        this.table = columns.schema();
        this.partitionBy = List.copyOf(partitionBy);
        this.partitionColumns = new int[partitionBy.size()];
        for (int k = 0; k < partitionColumns.length; k++) {
            String name = partitionBy.get(k);
            int index = List.of(table.fieldNames()).indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("partition column " + name + " is not a column of the table");
            }
            if (!table.fields()[index].dataType().equals(DataTypes.StringType)) {
                throw new IllegalArgumentException("partition column " + name + " must be a string column");
            }
            partitionColumns[k] = index;
        }
        List<Integer> stored = new ArrayList<>();
        for (int i = 0; i < table.fields().length; i++) {
            if (!partitionBy.contains(table.fields()[i].name())) {
                stored.add(i);
            }
        }
        this.fileColumns = stored.stream().mapToInt(Integer::intValue).toArray();
        this.names = new String[fileColumns.length];
        this.types = new PrimitiveTypeName[fileColumns.length];
        for (int k = 0; k < fileColumns.length; k++) {
            StructField f = table.fields()[fileColumns[k]];
            names[k] = f.name();
            types[k] = parquetType(f);
        }
    }

    private static PrimitiveTypeName parquetType(StructField f) {
        DataType t = f.dataType();
        if (t.equals(DataTypes.LongType)) {
            return PrimitiveTypeName.INT64;
        }
        if (t.equals(DataTypes.IntegerType)) {
            return PrimitiveTypeName.INT32;
        }
        if (t.equals(DataTypes.DoubleType)) {
            return PrimitiveTypeName.DOUBLE;
        }
        if (t.equals(DataTypes.BooleanType)) {
            return PrimitiveTypeName.BOOLEAN;
        }
        if (t.equals(DataTypes.StringType)) {
            return PrimitiveTypeName.BINARY;
        }
        throw new IllegalArgumentException("column " + f.name() + ": no Parquet mapping for Spark type " + t);
    }

    private Object writeReplace() {
        return new Form<>(columns, partitionBy);
    }

    /** The serialized form: a layout is a function of its columns and its partition columns. */
    private record Form<T>(Columns<T> columns, List<String> partitionBy) implements Serializable {
        private Object readResolve() {
            return new RowLayout<>(columns, partitionBy);
        }
    }

    /** The schema inside each file: the table's columns less the partition columns. */
    public synchronized MessageType fileSchema() {
        if (fileSchema == null) {
            Types.MessageTypeBuilder message = Types.buildMessage();
            for (int k = 0; k < fileColumns.length; k++) {
                StructField f = table.fields()[fileColumns[k]];
                Types.PrimitiveBuilder<PrimitiveType> field = Types.primitive(types[k],
                        f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED);
                if (types[k] == PrimitiveTypeName.BINARY) {
                    field = field.as(LogicalTypeAnnotation.stringType());
                }
                message.addField(field.named(f.name()));
            }
            fileSchema = message.named("spark_schema");
        }
        return fileSchema;
    }

    public StructType table() {
        return table;
    }

    public Columns<T> columns() {
        return columns;
    }

    public List<String> partitionBy() {
        return partitionBy;
    }

    /** Number of columns stored in the files. */
    int fileColumnCount() {
        return fileColumns.length;
    }

    /** Index in a row of the file's column {@code k}. */
    int fileColumn(int k) {
        return fileColumns[k];
    }

    String fileColumnName(int k) {
        return names[k];
    }

    PrimitiveTypeName fileColumnType(int k) {
        return types[k];
    }

    /** Whether the file's column {@code k} may hold nulls (OPTIONAL in the file). */
    boolean fileColumnNullable(int k) {
        return table.fields()[fileColumns[k]].nullable();
    }

    /** Index in a row of partition column {@code k}. */
    int partitionColumn(int k) {
        return partitionColumns[k];
    }

    int partitionColumnCount() {
        return partitionColumns.length;
    }
}
