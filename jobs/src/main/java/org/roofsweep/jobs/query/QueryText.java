package org.roofsweep.jobs.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roofsweep.jobs.cli.UserException;

/**
 * A SQL statement with its named parameters. A query file declares a default for each {@code :name} marker it uses
 * in a comment line {@code -- param: name = value}; {@code --param name=value} on the command line overrides it.
 * Values that read as numbers are numbers, anything else a string (quotes optional).
 */
public record QueryText(String sql, Map<String, Object> params) {
    private static final Pattern DEFAULT = Pattern.compile("(?m)^\\s*--\\s*param:\\s*(\\w+)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)=(.*)", Pattern.DOTALL);
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public QueryText {
        params = Map.copyOf(params);
    }

    /** Reads the defaults declared in {@code sql}, then applies the {@code name=value} overrides. */
    public static QueryText of(String sql, Iterable<String> overrides) {
        if (sql.isBlank()) {
            throw new UserException("the SQL statement is empty");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Matcher m = DEFAULT.matcher(sql);
        while (m.find()) {
            params.put(m.group(1), value(m.group(2)));
        }
        for (String o : overrides) {
            Matcher a = ASSIGNMENT.matcher(o);
            if (!a.matches()) {
                throw new UserException("--param expects NAME=VALUE, found \"" + o + "\"");
            }
            params.put(a.group(1), value(a.group(2).strip()));
        }
        return new QueryText(sql, params);
    }

    static Object value(String text) {
        String t = text;
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            return t.substring(1, t.length() - 1);
        }
        if (INTEGER.matcher(t).matches()) {
            return Long.parseLong(t);
        }
        return DECIMAL.matcher(t).matches() ? (Object) Double.parseDouble(t) : t;
    }
}
