package org.roofsweep.jobs.query;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.jobs.cli.UserException;

/**
 * Runs SQL over the registered views. Errors in the user's SQL (syntax, unknown column or view, a division by zero at
 * run time) become a one-line {@link UserException}; Spark's internal errors (SQLSTATE XX...) stay bugs.
 */
public final class Sql {
    private Sql() {
    }

    /** Parses and analyses {@code q}; the result runs when consumed, inside {@link #userErrors}. */
    public static Dataset<Row> query(SparkSession spark, QueryText q, List<String> views) {
        return userErrors(views, () -> q.params().isEmpty() ? spark.sql(q.sql()) : spark.sql(q.sql(), q.params()));
    }

    /** Runs {@code action}, turning errors caused by the SQL into a {@link UserException}. */
    public static <T> T userErrors(List<String> views, Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            SparkThrowable cause = sqlCause(e);
            if (cause == null) {
                throw e;
            }
            String message = firstLine(((Throwable) cause).getMessage());
            if ("TABLE_OR_VIEW_NOT_FOUND".equals(cause.getCondition())) {
                message += " Views: " + String.join(", ", views);
            }
            throw new UserException("SQL: " + message);
        }
    }

    /** The innermost Spark error with a condition that is not an internal one, or null. */
    private static SparkThrowable sqlCause(Throwable e) {
        SparkThrowable found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable st && st.getCondition() != null) {
                found = st;
            }
        }
        if (found == null || found.getSqlState() != null && found.getSqlState().startsWith("XX")) {
            return null;
        }
        return found;
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
