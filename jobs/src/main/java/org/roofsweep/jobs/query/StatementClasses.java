package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The class of each statement of a SQL text, named by its leading keyword ({@code DROP}, {@code COPY}, ...; a
 * {@code WITH} statement by the keyword after its common table expressions: {@code WITH ... INSERT} is an
 * {@code INSERT}), for {@link DuckDbReadOnly}'s refusal to name every statement that is not a query. Statements end at
 * a {@code ;} outside string literals, quoted identifiers, comments and parentheses. It names only: whether a text may
 * run is DuckDB's parser's decision, not this one's.
 */
final class StatementClasses {
    /** Leading keywords of a statement that only reads. */
    private static final Set<String> QUERY = Set.of("SELECT", "FROM", "VALUES", "TABLE");
    /** Words that may follow a closed group inside a {@code WITH} clause: the next CTE, its body, its options. */
    private static final Set<String> IN_WITH = Set.of(",", ")", "AS", "NOT", "MATERIALIZED", "USING", "KEY");

    private StatementClasses() {
    }

    /** The classes of the statements of {@code sql} that are not queries, each once, in the order they come. */
    static List<String> notQueries(String sql) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> words : statements(sql)) {
            String kind = kind(words);
            if (!kind.isEmpty() && !QUERY.contains(kind)) {
                out.add(kind);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A statement's class: its first word, or for {@code WITH} the first word after a closed group that does not
     * continue the CTEs ({@code WITH t(n) AS (SELECT 1) INSERT ...}: {@code INSERT}).
     */
    private static String kind(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("WITH")) {
            return words.isEmpty() ? "" : words.get(0);
        }
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals(")") && i + 1 < words.size() && !IN_WITH.contains(words.get(i + 1))) {
                return words.get(i + 1);
            }
        }
        return "WITH";
    }

    /**
     * The words of each statement at parenthesis depth 0, upper case, with {@code )} standing for each closed group
     * and {@code ,} kept; literals, quoted names and comments dropped.
     */
    private static List<List<String>> statements(String sql) {
        List<List<String>> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            int skipped = DuckDbDialect.skipped(sql, i);
            if (skipped > i) {
                i = skipped;
            } else if (ch == '(') {
                depth++;
                i++;
            } else if (ch == ')') {
                depth = Math.max(0, depth - 1);
                if (depth == 0) {
                    words.add(")");
                }
                i++;
            } else if (ch == ';' && depth == 0) {
                out.add(words);
                words = new ArrayList<>();
                i++;
            } else if (ch == ',' && depth == 0) {
                words.add(",");
                i++;
            } else if (Character.isLetter(ch) || ch == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                if (depth == 0) {
                    words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
                }
            } else {
                i++;
            }
        }
        out.add(words);
        return out;
    }
}
