package org.roofsweep.jobs.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.roofsweep.jobs.cli.UserException;

/**
 * Keeps {@code query} read-only on the DuckDB path without loading Spark: DuckDB's own parser decides, through
 * {@code json_serialize_sql}, which serializes a text only when each of its statements is a {@code SELECT} (a
 * {@code WITH ... SELECT} included) and otherwise returns an error object ("Only SELECT statements can be serialized
 * to json!" for {@code INSERT}, {@code COPY}, {@code ATTACH}, {@code SET}, {@code PRAGMA}, {@code INSTALL}, DDL, ...).
 * Parsing only, nothing is bound or run. The check runs on the text DuckDB is about to run (after
 * {@link DuckDbDialect}), one statement per text. The connection's locked settings and file access (see
 * {@link DuckDbEngine}) stay as the second wall; the Spark path keeps {@link ReadOnlySql}.
 */
final class DuckDbReadOnly {
    private static final String CHECK = "SELECT s ->> 'error_type', s ->> 'error_message', "
            + "json_array_length(s -> 'statements') FROM (SELECT json_serialize_sql(?::VARCHAR) AS s)";
    private static final String NOT_SELECT = "Only SELECT statements can be serialized";

    private DuckDbReadOnly() {
    }

    /** Returns normally when {@code sql} is one statement that only reads; else throws a {@link UserException}. */
    static void require(Connection db, String sql) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(CHECK)) {
            st.setString(1, sql);
            try (ResultSet r = st.executeQuery()) {
                r.next();
                String errorType = r.getString(1);
                String error = r.getString(2);
                if ("parser".equals(errorType)) {
                    throw new UserException("SQL: Parser Error: " + error);
                }
                if (errorType != null && error != null && error.startsWith(NOT_SELECT)) {
                    throw refused(named(sql, ""));
                }
                if (errorType != null) {
                    // fail closed: a text DuckDB cannot show to be a query is not run
                    throw refused(named(sql, ", which DuckDB reports as " + errorType + ": " + error));
                }
                long statements = r.getLong(3);
                if (statements != 1) {
                    throw new UserException("SQL: one statement at a time, this text holds " + statements);
                }
            }
        }
    }

    /** The refusal of both engines' checks, naming {@code what} would write. */
    static UserException refused(String what) {
        return new UserException("query only reads: " + what + " would write or change state, so it is refused "
                + "before it runs (run writes tables; --views lists what there is to read)");
    }

    /**
     * The refused statements by their classes, each once ({@code this statement (DROP)}, {@code these statements
     * (CREATE, COPY)}; see {@link StatementClasses}), {@code note} appended; a text whose statements all start as
     * queries is named by what it is not.
     */
    private static String named(String sql, String note) {
        List<String> classes = StatementClasses.notQueries(sql);
        if (classes.isEmpty()) {
            return "this statement (not only SELECT" + note + ")";
        }
        return (classes.size() == 1 ? "this statement (" : "these statements (") + String.join(", ", classes) + note
                + ")";
    }
}
