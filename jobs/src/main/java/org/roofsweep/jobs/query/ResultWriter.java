package org.roofsweep.jobs.query;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Writes a query result as an aligned text table, as CSV (RFC 4180) or as JSON lines. */
public final class ResultWriter {
    /** Significant digits of floating-point values in the text table (CSV and JSON keep full precision). */
    private static final MathContext TEXT_DIGITS = new MathContext(5);
    /** Rows the text table sizes its columns by (and holds at once). */
    static final int SIZING_ROWS = 1000;

    private ResultWriter() {
    }

    /**
     * Prints at most {@code maxRows} rows as a table: numbers right-aligned with 5 significant digits, nulls as
     * NULL, then a line with the row count. Columns are as wide as their widest value among the first
     * {@value #SIZING_ROWS} rows; later rows stream out without being kept (a wider value then shifts its line), so
     * memory stays bounded whatever {@code maxRows} is. Returns the number of rows printed.
     */
    public static long text(Cursor result, long maxRows, PrintWriter out) {
        String[] names = result.schema().fieldNames();
        List<Row> first = new ArrayList<>();
        while (first.size() < Math.min(maxRows, SIZING_ROWS) && result.hasNext()) {
            first.add(result.next());
        }
        int[] width = new int[names.length];
        boolean[] numeric = new boolean[names.length];
        for (int c = 0; c < names.length; c++) {
            width[c] = names[c].length();
        }
        for (Row r : first) {
            for (int c = 0; c < names.length; c++) {
                Object v = r.get(c);
                numeric[c] |= v instanceof Number;
                width[c] = Math.max(width[c], textValue(v).length());
            }
        }
        out.println(line(names, width, numeric));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < names.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        out.println(rule);
        long shown = 0;
        for (Row r : first) {
            out.println(cells(r, width, numeric));
            shown++;
        }
        first.clear();
        for (; shown < maxRows && result.hasNext(); shown++) {
            out.println(cells(result.next(), width, numeric));
        }
        boolean more = result.hasNext();
        out.println(more ? "(first " + shown + " rows; raise --max-rows or use --csv for all)"
                : "(" + shown + (shown == 1 ? " row)" : " rows)"));
        out.flush();
        return shown;
    }

    private static String cells(Row r, int[] width, boolean[] numeric) {
        String[] line = new String[width.length];
        for (int c = 0; c < line.length; c++) {
            line[c] = textValue(r.get(c));
        }
        return line(line, width, numeric);
    }

    private static String line(String[] values, int[] width, boolean[] numeric) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            String pad = " ".repeat(Math.max(0, width[c] - values[c].length()));
            s.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + values[c] : values[c] + pad);
        }
        return s.toString().stripTrailing();
    }

    static String textValue(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            double a = Math.abs(d);
            if (a != 0 && (a < 1e-4 || a >= 1e12)) {
                return String.format(Locale.ROOT, "%.4e", d);
            }
            return new BigDecimal(d).round(TEXT_DIGITS).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** Writes every row as CSV with a header line, one row at a time; returns the row count. */
    public static long csv(Cursor result, Writer w) {
        try {
            String[] names = result.schema().fieldNames();
            List<String> header = new ArrayList<>();
            for (String n : names) {
                header.add(csvField(n));
            }
            w.write(String.join(",", header) + "\r\n");
            long n = 0;
            for (; result.hasNext(); n++) {
                Row r = result.next();
                StringBuilder s = new StringBuilder();
                for (int c = 0; c < names.length; c++) {
                    Object v = r.get(c);
                    s.append(c == 0 ? "" : ",").append(v == null ? "" : csvField(v.toString()));
                }
                w.write(s.append("\r\n").toString());
            }
            w.flush();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Prints one JSON object per row, nulls included, one row at a time; returns the row count. */
    public static long jsonLines(Cursor result, PrintWriter out) {
        ObjectMapper json = new ObjectMapper();
        long n = 0;
        for (; result.hasNext(); n++) {
            try {
                out.println(json.writeValueAsString(plain(result.next())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
        return n;
    }

    /** A row as a map of its fields in order (structs as nested maps), for JSON. */
    private static Object plain(Object v) {
        if (v instanceof Row r) {
            StructType schema = r.schema();
            java.util.Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                fields.put(schema == null ? "col" + (i + 1) : schema.fieldNames()[i], plain(r.get(i)));
            }
            return fields;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ResultWriter::plain).toList();
        }
        return v;
    }
}
