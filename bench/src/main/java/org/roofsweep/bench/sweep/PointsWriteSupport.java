package org.roofsweep.bench.sweep;

import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.jobs.ResultSchema;

/**
 * Writes {@link Evaluation}s as rows of the points table with parquet-hadoop alone: the columns, types, nullability
 * and values of {@link ResultSchema} (less the partition columns, which live in the folder names as Spark writes
 * them), Spark's types mapped to the Parquet types Spark itself writes (long INT64, int INT32, double DOUBLE,
 * boolean BOOLEAN, string BINARY with the STRING annotation).
 */
final class PointsWriteSupport extends WriteSupport<Evaluation> {
    private final List<ResultSchema.Column> columns;
    private final PrimitiveTypeName[] types;
    private final MessageType schema;
    private RecordConsumer out;

    PointsWriteSupport(List<String> partitionBy) {
        this.columns = ResultSchema.columns().stream().filter(c -> !partitionBy.contains(c.name())).toList();
        List<StructField> fields = List.of(ResultSchema.schema().fields());
        Types.MessageTypeBuilder message = Types.buildMessage();
        this.types = new PrimitiveTypeName[columns.size()];
        for (int k = 0; k < columns.size(); k++) {
            ResultSchema.Column c = columns.get(k);
            boolean nullable = fields.stream().filter(f -> f.name().equals(c.name())).findFirst().orElseThrow()
                    .nullable();
            types[k] = parquetType(c.type());
            Types.PrimitiveBuilder<PrimitiveType> field = Types.primitive(types[k],
                    nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED);
            if (c.type().equals(DataTypes.StringType)) {
                field = field.as(LogicalTypeAnnotation.stringType());
            }
            message.addField(field.named(c.name()));
        }
        this.schema = message.named("spark_schema");
    }

    private static PrimitiveTypeName parquetType(DataType t) {
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
        throw new IllegalArgumentException("no Parquet mapping for Spark type " + t);
    }

    MessageType schema() {
        return schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Evaluation e) {
        out.startMessage();
        for (int k = 0; k < types.length; k++) {
            Object v = columns.get(k).value().apply(e);
            if (v == null) {
                continue;
            }
            String name = columns.get(k).name();
            out.startField(name, k);
            switch (types[k]) {
                case INT64 -> out.addLong((Long) v);
                case INT32 -> out.addInteger((Integer) v);
                case DOUBLE -> out.addDouble((Double) v);
                case BOOLEAN -> out.addBoolean((Boolean) v);
                case BINARY -> out.addBinary(Binary.fromString((String) v));
                default -> throw new IllegalStateException("unmapped type " + types[k]);
            }
            out.endField(name, k);
        }
        out.endMessage();
    }
}
