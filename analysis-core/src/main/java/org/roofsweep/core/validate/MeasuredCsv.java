package org.roofsweep.core.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.config.ConfigException;

/** Reads measurement CSVs (RFC 4180 quoting) with the columns of {@code configs/measurements/measured.csv}. */
public final class MeasuredCsv {
    static final List<String> COLUMNS = List.of("source_url", "framework", "gpu", "model", "quant", "batch",
            "prompt_tokens", "gen_tokens", "metric", "value", "notes", "verification", "gpu_key");

    private MeasuredCsv() {
    }

    /** One CSV record and the line it starts on (a quoted field may span lines). */
    record Record(int line, List<String> fields) {
    }

    public static List<MeasuredRow> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        List<Record> records = parse(file.toString(), text);
        if (records.isEmpty()) {
            throw new ConfigException(file + ": empty file, expected a header with " + COLUMNS);
        }
        List<String> header = records.get(0).fields();
        int[] at = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            at[i] = header.indexOf(COLUMNS.get(i));
            if (at[i] < 0 && !COLUMNS.get(i).equals("notes") && !COLUMNS.get(i).equals("verification")) {
                missing.add(COLUMNS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(file + ": header: missing columns " + missing);
        }
        List<MeasuredRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r).fields();
            if (rec.size() == 1 && rec.get(0).isBlank()) {
                continue;
            }
            int line = records.get(r).line();
            try {
                double value = Double.parseDouble(get(rec, at[9]));
                if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
                    problems.add(file + ": line " + line + ": value must be a positive number, found " + value);
                    continue;
                }
                rows.add(new MeasuredRow(line, get(rec, at[0]), get(rec, at[1]), get(rec, at[2]), get(rec, at[3]),
                        get(rec, at[4]), integer(get(rec, at[5]), 1), integer(get(rec, at[6]), -1),
                        integer(get(rec, at[7]), -1), get(rec, at[8]), value, get(rec, at[12])));
            } catch (NumberFormatException e) {
                problems.add(file + ": line " + line + ": expected numbers in batch, prompt_tokens, gen_tokens and "
                        + "value: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return rows;
    }

    private static String get(List<String> rec, int i) {
        return i >= 0 && i < rec.size() ? rec.get(i).trim() : "";
    }

    private static int integer(String s, int blank) {
        return s.isEmpty() ? blank : Integer.parseInt(s);
    }

    /**
     * Splits CSV text into records of fields, honouring quotes, doubled quotes and newlines inside quotes. A quote
     * inside an unquoted field, text after a closing quote and an unclosed quote are errors naming the line.
     */
    static List<Record> parse(String file, String text) {
        List<Record> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean closed = false;
        int line = 1;
        int start = 1;
        int opened = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                line++;
            }
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                    closed = true;
                } else {
                    field.append(ch);
                }
            } else if (ch == ',' || ch == '\n' || ch == '\r') {
                rec.add(field.toString());
                field.setLength(0);
                closed = false;
                if (ch != ',') {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                        line++;
                    }
                    out.add(new Record(start, rec));
                    rec = new ArrayList<>();
                    start = line;
                }
            } else if (closed) {
                throw new ConfigException(file + ": line " + line + ": text after a closing quote");
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
                opened = line;
            } else if (ch == '"') {
                throw new ConfigException(file + ": line " + line + ": a quote inside an unquoted field");
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new ConfigException(file + ": line " + opened + ": a quoted field is not closed");
        }
        if (field.length() > 0 || !rec.isEmpty() || closed) {
            rec.add(field.toString());
            out.add(new Record(start, rec));
        }
        return out;
    }
}
