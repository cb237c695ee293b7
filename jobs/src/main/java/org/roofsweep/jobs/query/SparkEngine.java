package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.roofsweep.core.catalog.Catalogs;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark SQL over tables on any Hadoop file system, as temporary views of a {@link SparkSession} (local, or the
 * cluster spark-submit chose). Arrays come back as {@code java.util.List}, as from DuckDB.
 */
public final class SparkEngine implements Engine {
    private final SparkSession spark;
    private final List<View> views = new ArrayList<>();
    private final List<Dataset<Row>> kept = new ArrayList<>();

    private SparkEngine(SparkSession spark) {
        this.spark = spark;
    }

    /** The views of {@code tables} and, unless null, of {@code catalogs}, in {@code spark}. */
    public static SparkEngine open(SparkSession spark, SweepTables tables, Catalogs catalogs) {
        SparkEngine e = new SparkEngine(spark);
        e.views.addAll(SweepViews.register(spark, tables));
        if (catalogs != null) {
            e.views.addAll(CatalogViews.register(spark, catalogs));
        }
        return e;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public List<View> views() {
        return List.copyOf(views);
    }

    @Override
    public StructType schema(String view) {
        return Sql.userErrors(viewNames(), () -> spark.table(view).schema());
    }

    @Override
    public Cursor open(QueryText q) {
        List<String> names = viewNames();
        ReadOnlySql.require(q.sql(), names);
        Dataset<Row> df = Sql.query(spark, q, names);
        return new Cursor() {
            private Iterator<Row> rows;

            private Iterator<Row> rows() {
                if (rows == null) {
                    rows = Sql.userErrors(names, df::toLocalIterator);
                }
                return rows;
            }

            @Override
            public StructType schema() {
                return df.schema();
            }

            @Override
            public boolean hasNext() {
                return Sql.userErrors(names, () -> rows().hasNext());
            }

            @Override
            public Row next() {
                return (Row) plain(Sql.userErrors(names, () -> rows().next()), df.schema());
            }

            @Override
            public void close() {
                rows = null;
            }
        };
    }

    @Override
    public void keep(String sql, String view) {
        Dataset<Row> df = Sql.userErrors(viewNames(), () -> spark.sql(sql)).persist(StorageLevel.MEMORY_AND_DISK());
        df.createOrReplaceTempView(view);
        kept.add(df);
        views.removeIf(v -> v.name().equals(view));
        views.add(new View(view, "kept by the report"));
    }

    /** Drops what {@link #keep} computed; the session stays (it may be the application's). */
    @Override
    public void close() {
        kept.forEach(Dataset::unpersist);
        kept.clear();
    }

    /** {@code v} with Scala sequences as Java lists, at any depth. */
    private static Object plain(Object v, DataType type) {
        if (v instanceof Row r && type instanceof StructType st) {
            Object[] values = new Object[r.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = plain(r.get(i), st.fields()[i].dataType());
            }
            return new GenericRowWithSchema(values, st);
        }
        if (v instanceof scala.collection.Seq<?> seq && type instanceof ArrayType a) {
            List<Object> out = new ArrayList<>();
            for (Object e : CollectionConverters.asJava(seq)) {
                out.add(plain(e, a.elementType()));
            }
            return out;
        }
        return v;
    }
}
