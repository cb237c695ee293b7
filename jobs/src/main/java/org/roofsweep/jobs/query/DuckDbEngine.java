package org.roofsweep.jobs.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.cli.UserException;

/**
 * Embedded DuckDB (in memory, through JDBC) over Parquet tables on the local file system: each table view reads its
 * files with {@code read_parquet(..., hive_partitioning = true)}, partition values kept as strings, as Spark reads
 * them here. Nulls sort first ascending and last descending, as in Spark.
 */
public final class DuckDbEngine implements Engine {
    private final Connection db;
    private final List<View> views = new ArrayList<>();

    private DuckDbEngine(Connection db) {
        this.db = db;
    }

    /** A connection with the views of {@code tables} (local ones) and, unless null, of {@code catalogs}. */
    public static DuckDbEngine open(SweepTables tables, Catalogs catalogs) {
        if (!tables.local()) {
            throw new UserException("the duckdb engine reads local tables only; use --engine spark for "
                    + tables.sweeps().values().stream().map(SweepTables.Sweep::uri).collect(Collectors.joining(", ")));
        }
        try {
            // streamed results: rows come from DuckDB chunk by chunk as the cursor reads, never all at once
            java.util.Properties streamed = new java.util.Properties();
            streamed.setProperty("jdbc_stream_results", "true");
            DuckDbEngine e = new DuckDbEngine(DriverManager.getConnection("jdbc:duckdb:", streamed));
            e.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
            for (String macro : DuckDbDialect.MACROS) {
                e.execute(macro);
            }
            e.views.addAll(SweepViews.plan(tables, e.new Views()));
            if (catalogs != null) {
                for (CatalogViews.Table t : CatalogViews.tables(catalogs)) {
                    e.load(t);
                    e.views.add(new View(t.name(), t.description()));
                }
            }
            e.lockDown(tables);
            return e;
        } catch (SQLException ex) {
            throw new IllegalStateException("DuckDB: " + ex.getMessage(), ex);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public List<View> views() {
        return List.copyOf(views);
    }

    @Override
    public StructType schema(String view) {
        try (Cursor c = cursor(DuckDbDialect.translate(new QueryText("SELECT * FROM " + quoted(view) + " LIMIT 0",
                java.util.Map.of())))) {
            return c.schema();
        }
    }

    @Override
    public Cursor open(QueryText q) {
        DuckDbDialect.Translated t = DuckDbDialect.translate(q);
        try {
            DuckDbReadOnly.require(db, t.sql());
        } catch (SQLException e) {
            throw userError(e);
        }
        return cursor(t);
    }

    /** Runs SQL already in DuckDB's dialect (the engine's own statements, or a checked one translated). */
    private Cursor cursor(DuckDbDialect.Translated t) {
        PreparedStatement st = null;
        try {
            st = db.prepareStatement(t.sql());
            for (int i = 0; i < t.bindings().size(); i++) {
                st.setObject(i + 1, t.bindings().get(i));
            }
            return new DuckDbCursor(st, st.executeQuery());
        } catch (SQLException e) {
            closeQuietly(st);
            throw userError(e);
        }
    }

    @Override
    public void keep(String sql, String view) {
        DuckDbDialect.Translated t = DuckDbDialect.translate(new QueryText(sql, java.util.Map.of()));
        try {
            execute("CREATE OR REPLACE TEMP TABLE " + quoted(view) + " AS " + t.sql());
        } catch (SQLException e) {
            throw userError(e);
        }
        views.removeIf(v -> v.name().equals(view));
        views.add(new View(view, "kept by the report"));
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * The second wall behind {@link DuckDbReadOnly}: DuckDB may then open only the tables' own files (no other file,
     * no URL, no extension to install or load) and no setting can change again for this connection.
     */
    private void lockDown(SweepTables tables) throws SQLException {
        String files = tables.sweeps().values().stream().flatMap(s -> s.tables().values().stream())
                .flatMap(t -> t.files().stream()).map(f -> literal(SweepTables.localPath(f)))
                .collect(Collectors.joining(", ", "[", "]"));
        execute("SET allowed_paths = " + files);
        execute("SET enable_external_access = false");
        execute("SET autoinstall_known_extensions = false");
        execute("SET autoload_known_extensions = false");
        execute("SET lock_configuration = true");
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    /** A catalog view as a table of its own (the catalog is small: a few hundred rows). */
    private void load(CatalogViews.Table t) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (StructField f : t.schema().fields()) {
            cols.add(quoted(f.name()) + " " + sqlType(f.dataType()));
        }
        execute("CREATE TABLE " + quoted(t.name()) + " (" + String.join(", ", cols) + ")");
        String marks = String.join(", ", java.util.Collections.nCopies(cols.size(), "?"));
        try (PreparedStatement st = db.prepareStatement("INSERT INTO " + quoted(t.name()) + " VALUES (" + marks
                + ")")) {
            for (Row r : t.rows()) {
                for (int i = 0; i < r.size(); i++) {
                    st.setObject(i + 1, r.get(i));
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static String sqlType(DataType t) {
        if (t == DataTypes.StringType) {
            return "VARCHAR";
        }
        if (t == DataTypes.BooleanType) {
            return "BOOLEAN";
        }
        if (t == DataTypes.IntegerType) {
            return "INTEGER";
        }
        if (t == DataTypes.DoubleType) {
            return "DOUBLE";
        }
        throw new IllegalArgumentException("no DuckDB type for " + t);
    }

    /** The view makers of {@link SweepViews#plan} in DuckDB's SQL. */
    private final class Views implements SweepViews.ViewSink {
        @Override
        public void table(String view, String table, SweepTables.Table t) {
            String files = t.files().stream().map(f -> literal(SweepTables.localPath(f)))
                    .collect(Collectors.joining(", ", "[", "]"));
            String read = "read_parquet(" + files + ", hive_partitioning = true, hive_types_autocast = false, "
                    + "union_by_name = true)";
            try {
                execute("CREATE VIEW " + quoted(view) + " AS SELECT * FROM " + read);
                List<String> present = List.of(schema(view).fieldNames());
                String cols = SweepViews.ordered(table, present).stream().map(DuckDbEngine::quoted)
                        .collect(Collectors.joining(", "));
                execute("CREATE OR REPLACE VIEW " + quoted(view) + " AS SELECT " + cols + " FROM " + read);
            } catch (SQLException e) {
                throw new UserException("cannot read the table " + t.uri() + ": " + firstLine(e.getMessage()));
            }
        }

        @Override
        public void union(String view, String table, List<String> sweeps) {
            String union = sweeps.stream().map(s -> "SELECT " + literal(s) + " AS sweep, * FROM "
                    + quoted(s + "_" + table)).collect(Collectors.joining(" UNION ALL BY NAME "));
            create(view, union);
        }

        @Override
        public void alias(String view, String of) {
            create(view, "SELECT * FROM " + quoted(of));
        }

        private void create(String view, String sql) {
            try {
                execute("CREATE VIEW " + quoted(view) + " AS " + sql);
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB: " + e.getMessage(), e);
            }
        }
    }

    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** An error of the SQL, in one line; an unknown view lists the views. */
    private UserException userError(SQLException e) {
        String m = firstLine(e.getMessage());
        if (m.startsWith("Catalog Error: Table with name")) {
            m += " Views: " + String.join(", ", viewNames());
        }
        return new UserException("SQL: " + m);
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    private static void closeQuietly(Statement st) {
        try {
            if (st != null) {
                st.close();
            }
        } catch (SQLException ignored) {
            // the statement failed to run; closing it cannot fail in a way that matters more than that error
        }
    }

    /** The rows of one JDBC result, converted by {@link DuckDbValues}. */
    private final class DuckDbCursor implements Cursor {
        private final PreparedStatement st;
        private final ResultSet rs;
        private final StructType schema;
        private Boolean ahead;

        DuckDbCursor(PreparedStatement st, ResultSet rs) throws SQLException {
            this.st = st;
            this.rs = rs;
            ResultSetMetaData m = rs.getMetaData();
            List<StructField> fields = new ArrayList<>();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                fields.add(DataTypes.createStructField(m.getColumnLabel(i), DuckDbValues.type(m.getColumnTypeName(i)),
                        true));
            }
            this.schema = DataTypes.createStructType(fields);
        }

        @Override
        public StructType schema() {
            return schema;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = rs.next();
                } catch (SQLException e) {
                    throw userError(e);
                }
            }
            return ahead;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ahead = null;
            StructField[] f = schema.fields();
            Object[] values = new Object[f.length];
            try {
                for (int i = 0; i < values.length; i++) {
                    values[i] = DuckDbValues.value(rs.getObject(i + 1), f[i].dataType());
                }
            } catch (SQLException e) {
                throw userError(e);
            }
            return new GenericRowWithSchema(values, schema);
        }

        @Override
        public void close() {
            closeQuietly(st);
        }
    }
}
