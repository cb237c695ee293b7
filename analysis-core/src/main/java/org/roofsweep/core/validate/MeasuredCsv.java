package org.roofsweep.core.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.TextFiles;
import org.roofsweep.core.model.KvCacheType;

/**
 * Reads measurement CSVs (RFC 4180 quoting) with the columns of {@code configs/measurements/measured.csv} and the
 * optional ones of {@code configs/measurements/README.md}.
 */
public final class MeasuredCsv {
    static final List<String> COLUMNS = List.of("source_url", "framework", "gpu", "model", "quant", "batch",
            "prompt_tokens", "gen_tokens", "metric", "value", "notes", "verification", "gpu_key");
    /** Columns a file may leave out: then every row has the default (see {@link MeasuredRow}). */
    static final List<String> OPTIONAL = List.of("notes", "verification", "system", "gpu_layers", "cpu", "cpu_key",
            "model_key", "images", "image_size", "host_memory_gib", "threads", "memory_mt_per_s",
            "moe_cpu_layers", "kv_depth", "flash_attn", "kv_type", "vram_budget_gib", "excluded", "ubatch", "mmap");
    /** The metrics a row may state. */
    public static final List<String> METRICS = List.of("tg_tok_s", "pp_tok_s", "e2e_tok_s", "ttft_s", "tpot_ms",
            "image_encode_ms");
    /** Plain decimal notation: no sign, hex, {@code NaN}, {@code Infinity} or Java suffixes ({@code 1d}). */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d+");
    private static final java.util.regex.Pattern IMAGE_SIZE = java.util.regex.Pattern.compile("(\\d+)\\s*[xX]\\s*(\\d+)");

    private MeasuredCsv() {
    }

    /** One CSV record and the line it starts on (a quoted field may span lines). */
    record Record(int line, List<String> fields) {
    }

    public static List<MeasuredRow> read(Path file) {
        String text;
        try {
            text = TextFiles.utf8(file.toString(), Files.readAllBytes(file));
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
            if (at[i] < 0 && !OPTIONAL.contains(COLUMNS.get(i))) {
                missing.add(COLUMNS.get(i));
            }
        }
        List<String> unknown = header.stream().map(String::trim)
                .filter(h -> !COLUMNS.contains(h) && !OPTIONAL.contains(h)).toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(file + ": header: unknown columns " + unknown + " (expected " + COLUMNS
                    + " and optionally " + OPTIONAL + ")");
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
                double value = decimal(get(rec, at[9]), "value");
                String metric = get(rec, at[8]);
                if (!METRICS.contains(metric)) {
                    problems.add(file + ": line " + line + ": metric: expected one of " + METRICS + ", found \""
                            + metric + "\"");
                    continue;
                }
                String size = optional(rec, header, "image_size");
                java.util.regex.Matcher m = IMAGE_SIZE.matcher(size);
                if (!size.isEmpty() && !m.matches()) {
                    problems.add(file + ": line " + line + ": image_size: expected WxH, found \"" + size + "\"");
                    continue;
                }
                String fa = optional(rec, header, "flash_attn");
                if (!fa.isEmpty() && !fa.equals("0") && !fa.equals("1")) {
                    problems.add(file + ": line " + line + ": flash_attn: expected 0, 1 or blank, found \"" + fa
                            + "\"");
                    continue;
                }
                String mmap = optional(rec, header, "mmap");
                if (!mmap.isEmpty() && !mmap.equals("0") && !mmap.equals("1")) {
                    problems.add(file + ": line " + line + ": mmap: expected 0, 1 or blank, found \"" + mmap + "\"");
                    continue;
                }
                String kvText = optional(rec, header, "kv_type");
                KvCacheType kv;
                try {
                    kv = kvText.isEmpty() ? KvCacheType.F16 : KvCacheType.parse(kvText);
                } catch (IllegalArgumentException e) {
                    problems.add(file + ": line " + line + ": kv_type: " + e.getMessage());
                    continue;
                }
                if (kv.quantizedValues() && fa.equals("0")) {
                    problems.add(file + ": line " + line + ": kv_type: a quantized V cache (\"" + kvText
                            + "\") with flash_attn 0; llama.cpp quantizes V only under FlashAttention (write K/V, "
                            + "e.g. q8_0/f16)");
                    continue;
                }
                String system = optional(rec, header, "system");
                String host = optional(rec, header, "host_memory_gib");
                String speed = optional(rec, header, "memory_mt_per_s");
                String budget = optional(rec, header, "vram_budget_gib");
                rows.add(new MeasuredRow(line, get(rec, at[0]), get(rec, at[1]), get(rec, at[2]), get(rec, at[3]),
                        get(rec, at[4]), count(get(rec, at[5]), "batch", 0, 1), count(get(rec, at[6]),
                        "prompt_tokens", 0, -1), count(get(rec, at[7]), "gen_tokens", 0, -1), metric, value,
                        get(rec, at[12]), system.isEmpty() ? MeasuredRow.DEFAULT_SYSTEM : system,
                        count(optional(rec, header, "gpu_layers"), "gpu_layers", 0, -1), optional(rec, header, "cpu"),
                        optional(rec, header, "cpu_key"), optional(rec, header, "model_key"),
                        count(optional(rec, header, "images"), "images", 0, 0),
                        size.isEmpty() ? 0 : count(m.group(1), "image_size", 1, 0),
                        size.isEmpty() ? 0 : count(m.group(2), "image_size", 1, 0),
                        host.isEmpty() ? Double.NaN : decimal(host, "host_memory_gib"),
                        count(optional(rec, header, "threads"), "threads", 0, 0),
                        speed.isEmpty() ? Double.NaN : decimal(speed, "memory_mt_per_s"),
                        count(optional(rec, header, "moe_cpu_layers"), "moe_cpu_layers", 0, -1),
                        count(optional(rec, header, "kv_depth"), "kv_depth", 0, 0),
                        fa.isEmpty() ? MeasuredRow.FLASH_ATTENTION_UNSTATED : Integer.parseInt(fa), kv,
                        budget.isEmpty() ? Double.NaN : atLeastZero(budget, "vram_budget_gib"),
                        optional(rec, header, "excluded"),
                        count(optional(rec, header, "ubatch"), "ubatch", 1, MeasuredRow.UBATCH_UNSTATED),
                        mmap.isEmpty() ? MeasuredRow.MMAP_UNSTATED : Integer.parseInt(mmap)));
            } catch (BadNumber e) {
                problems.add(file + ": line " + line + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return rows;
    }

    private static String optional(List<String> rec, List<String> header, String column) {
        return get(rec, header.indexOf(column));
    }

    private static String get(List<String> rec, int i) {
        return i >= 0 && i < rec.size() ? rec.get(i).trim() : "";
    }

    /** A figure as sources write it: digits, an optional fraction and exponent; positive and finite. */
    private static double decimal(String s, String column) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new BadNumber(column + ": expected a positive decimal number such as 41.5, found \"" + s + "\"");
        }
        double d = Double.parseDouble(s);
        if (!(d > 0 && d < Double.POSITIVE_INFINITY)) {
            throw new BadNumber(column + ": expected a positive, finite number, found " + s);
        }
        return d;
    }

    /** A figure that may be 0 ({@code --vram-budget 0}: nothing on the GPU), else as {@link #decimal}. */
    private static double atLeastZero(String s, String column) {
        if (!DECIMAL.matcher(s).matches() || !Double.isFinite(Double.parseDouble(s))) {
            throw new BadNumber(column + ": expected 0 or a positive decimal number such as 12, found \"" + s + "\"");
        }
        return Double.parseDouble(s);
    }

    /** A count of at least {@code min}, written as plain digits; {@code blank} when the cell is empty. */
    private static int count(String s, String column, int min, int blank) {
        if (s.isEmpty()) {
            return blank;
        }
        if (!DIGITS.matcher(s).matches()) {
            throw new BadNumber(column + ": expected a whole number, found \"" + s + "\"");
        }
        int n = s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s);
        if (n < min || s.length() > 9) {
            throw new BadNumber(column + ": expected a whole number from " + min + " to 999999999, found " + s);
        }
        return n;
    }

    /** A cell that is not the number its column needs; the message names the column and quotes the cell. */
    private static final class BadNumber extends RuntimeException {
        BadNumber(String message) {
            super(message);
        }
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
