package org.roofsweep.jobs.query;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.duckdb.DuckDBStruct;

/**
 * DuckDB's column types and values as Spark SQL would give them, so that a result reads the same from either engine:
 * {@code HUGEINT} (what DuckDB's {@code sum} and {@code count_if} return) becomes a {@code long} as Spark's
 * {@code bigint}, lists {@code java.util.List}, structs a {@link Row} with field names.
 */
final class DuckDbValues {
    private DuckDbValues() {
    }

    /** The Spark type of a DuckDB type name such as {@code DECIMAL(12,1)}, {@code VARCHAR[]} or {@code STRUCT(...)}. */
    static DataType type(String duck) {
        String t = duck.strip();
        if (t.endsWith("[]")) {
            return DataTypes.createArrayType(type(t.substring(0, t.length() - 2)), true);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.startsWith("STRUCT(") && t.endsWith(")")) {
            List<StructField> fields = new ArrayList<>();
            for (String f : splitTopLevel(t.substring("STRUCT(".length(), t.length() - 1))) {
                String field = f.strip();
                int space = field.startsWith("\"") ? field.indexOf('"', 1) + 1 : field.indexOf(' ');
                String name = field.substring(0, space).replaceAll("^\"|\"$", "").replace("\"\"", "\"");
                fields.add(DataTypes.createStructField(name, type(field.substring(space)), true));
            }
            return DataTypes.createStructType(fields);
        }
        if (upper.startsWith("DECIMAL(")) {
            String[] ps = t.substring("DECIMAL(".length(), t.length() - 1).split(",");
            return DataTypes.createDecimalType(Integer.parseInt(ps[0].strip()), Integer.parseInt(ps[1].strip()));
        }
        return switch (upper) {
            case "BOOLEAN" -> DataTypes.BooleanType;
            case "TINYINT" -> DataTypes.ByteType;
            case "SMALLINT", "UTINYINT" -> DataTypes.ShortType;
            case "INTEGER", "USMALLINT" -> DataTypes.IntegerType;
            case "BIGINT", "UINTEGER", "HUGEINT", "UBIGINT", "UHUGEINT" -> DataTypes.LongType;
            case "FLOAT" -> DataTypes.FloatType;
            case "DOUBLE" -> DataTypes.DoubleType;
            case "DATE" -> DataTypes.DateType;
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> DataTypes.TimestampType;
            case "BLOB" -> DataTypes.BinaryType;
            default -> DataTypes.StringType;
        };
    }

    /** {@code s} split at the commas outside parentheses. */
    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** A JDBC value of a column of Spark type {@code type}, as Spark would hold it. */
    static Object value(Object v, DataType type) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (type instanceof ArrayType a && v instanceof Array array) {
            List<Object> out = new ArrayList<>();
            for (Object e : (Object[]) array.getArray()) {
                out.add(value(e, a.elementType()));
            }
            return out;
        }
        if (type instanceof StructType st && v instanceof Struct struct) {
            Map<String, Object> byName = ((DuckDBStruct) struct).getMap();
            Object[] values = new Object[st.fields().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(byName.get(st.fields()[i].name()), st.fields()[i].dataType());
            }
            return new GenericRowWithSchema(values, st);
        }
        if (type == DataTypes.StringType && !(v instanceof String)) {
            return v.toString();
        }
        if (type == DataTypes.LongType && v instanceof Number n && !(v instanceof Long)) {
            return n.longValue();
        }
        if (type == DataTypes.ShortType && v instanceof Number n && !(v instanceof Short)) {
            return n.shortValue();
        }
        if (type == DataTypes.IntegerType && v instanceof Number n && !(v instanceof Integer)) {
            return n.intValue();
        }
        return v;
    }
}
