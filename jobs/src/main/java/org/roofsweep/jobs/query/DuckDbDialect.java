package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.jobs.cli.UserException;

/**
 * Spark SQL as DuckDB runs it. The example queries and the report are written in Spark's dialect; DuckDB accepts
 * most of it as it is ({@code count_if}, {@code max_by}, {@code median}, {@code FILTER (WHERE ...)},
 * {@code array_sort}, {@code first}, {@code bool_or}). The rest is either a macro created when the connection opens
 * ({@link #MACROS}: {@code <=>}, {@code try_divide}, {@code raise_error}, {@code collect_set}, {@code array_join},
 * {@code percentile}) or a rewrite of the text: {@code struct(a.x, b.y)} becomes DuckDB's
 * {@code struct_pack(...)} (fields named after the columns, as Spark names them) and each {@code :name} parameter a
 * {@code ?} bound to its value (and a {@code `name`} a {@code "name"}). Strings, quoted names and comments are left alone.
 */
public final class DuckDbDialect {
    /** Spark functions DuckDB lacks, as DuckDB macros of the same meaning. */
    static final List<String> MACROS = List.of(
            "CREATE MACRO \"<=>\"(a, b) AS a IS NOT DISTINCT FROM b",
            // Spark: null when the divisor is 0 (or null) instead of an error
            "CREATE MACRO try_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END",
            "CREATE MACRO raise_error(message) AS error(message)",
            // Spark's collect_set skips nulls, as list(DISTINCT ...) does not: filtered
            "CREATE MACRO collect_set(x) AS list_filter(list(DISTINCT x), lambda v: v IS NOT NULL)",
            // Spark's array_join skips null elements and joins the rest's text
            "CREATE MACRO array_join(a, sep) AS CASE WHEN len(list_filter(a, lambda v: v IS NOT NULL)) = 0 THEN '' "
                    + "ELSE list_reduce(list_transform(list_filter(a, lambda v: v IS NOT NULL), "
                    + "lambda v: CAST(v AS VARCHAR)), lambda x, y: x || sep || y) END",
            "CREATE MACRO percentile(x, p) AS quantile_cont(x, p)");

    /** A statement ready for a JDBC {@code PreparedStatement}: the SQL and the value of each {@code ?} in order. */
    record Translated(String sql, List<Object> bindings) {
    }

    private DuckDbDialect() {
    }

    /** {@code q} in DuckDB's dialect; a {@code :name} that {@code q} has no value for is an error naming it. */
    static Translated translate(QueryText q) {
        String s = q.sql();
        StringBuilder out = new StringBuilder(s.length() + 16);
        List<Object> bindings = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end = skipped(s, i);
            if (end > i && c == '`') {
                // Spark quotes names with backticks, DuckDB with double quotes
                out.append('"').append(s.substring(i + 1, end - 1).replace("``", "`").replace("\"", "\"\""))
                        .append('"');
                i = end;
            } else if (end > i) {
                out.append(s, i, end);
                i = end;
            } else if (c == ':' && i + 1 < s.length() && Character.isJavaIdentifierStart(s.charAt(i + 1))
                    && (i == 0 || s.charAt(i - 1) != ':')) {
                int j = wordEnd(s, i + 1);
                String name = s.substring(i + 1, j);
                if (!q.params().containsKey(name)) {
                    throw new UserException("SQL: no value for the parameter :" + name + " (give --param " + name
                            + "=VALUE)");
                }
                bindings.add(q.params().get(name));
                out.append('?');
                i = j;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = wordEnd(s, i);
                String word = s.substring(i, j);
                boolean call = j < s.length() && s.charAt(j) == '(';
                boolean qualified = i > 0 && s.charAt(i - 1) == '.';
                out.append(call && !qualified && word.equalsIgnoreCase("struct") ? "struct_pack" : word);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Translated(out.toString(), bindings);
    }

    /**
     * The end of a string literal, quoted name or comment starting at {@code i}; {@code i} if none starts there (also
     * how {@link StatementClasses} skips them).
     */
    static int skipped(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == c) {
                    if (j + 1 < s.length() && s.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return s.length();
        }
        if (s.startsWith("--", i)) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl;
        }
        if (s.startsWith("/*", i)) {
            int close = s.indexOf("*/", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        return i;
    }

    private static int wordEnd(String s, int i) {
        int j = i;
        while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
            j++;
        }
        return j;
    }
}
