import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The baseline of the query benchmark: DuckDB's JDBC driver alone over a sweep's points table, running one SQL file
 * and printing every row, tab-separated. Only what the SQL needs beyond DuckDB's own dialect is added: the points view
 * and Spark's null-safe equality (a macro). Run as a single-file program:
 * java -cp duckdb_jdbc.jar BareDuckDb.java SWEEP_DIR QUERY.sql
 */
public class BareDuckDb {
    public static void main(String[] args) throws Exception {
        String sql = Files.readString(Path.of(args[1]));
        String glob = Path.of(args[0], "points").toAbsolutePath() + "/**/*.parquet";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            st.execute("CREATE MACRO \"<=>\"(a, b) AS a IS NOT DISTINCT FROM b");
            st.execute("CREATE VIEW points AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true, "
                    + "hive_types_autocast = false)");
            int rows = 0;
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        out.append(i == 1 ? "" : "\t").append(rs.getObject(i));
                    }
                    out.append('\n');
                    rows++;
                }
                System.out.print(out);
            }
            System.err.println(rows + " rows");
        }
    }
}
