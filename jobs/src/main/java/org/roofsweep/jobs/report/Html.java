package org.roofsweep.jobs.report;

import java.util.List;

/**
 * A small HTML writer that keeps the page well-formed XML (every element closed, text escaped, no named entities
 * besides XML's own), so the report opens in any browser and parses with any XML parser.
 */
final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.n{text-align:right}
            th{background:#f3f3f3}figure{margin:1.2em 0}img{max-width:100%;border:1px solid #eee}
            figcaption{font-size:.9em;color:#555}details{margin:.4em 0 1em}pre{background:#f7f7f7;padding:.6em;\
            overflow-x:auto;font-size:.85em}.muted{color:#777}.summary li{margin:.35em 0}
            .chart{width:100%;height:480px}.pair{display:flex;flex-wrap:wrap;gap:1em}.pair figure{flex:1 1 520px;\
            min-width:0}.answer{font-size:1.08em}label.choice{font-size:.9em}label.choice select{margin:0 .4em .4em}
            """;

    private final StringBuilder out = new StringBuilder();

    Html(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    Html heading(int level, String text) {
        out.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    /** The paragraph that states the report's answer, set larger. */
    Html answer(String text) {
        out.append("<p class=\"answer\">").append(escape(text)).append("</p>\n");
        return this;
    }

    Html paragraph(String text) {
        out.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    Html muted(String text) {
        out.append("<p class=\"muted\">").append(escape(text)).append("</p>\n");
        return this;
    }

    Html list(String cssClass, List<String> items) {
        out.append("<ul class=\"").append(cssClass).append("\">\n");
        for (String item : items) {
            out.append("<li>").append(escape(item)).append("</li>\n");
        }
        out.append("</ul>\n");
        return this;
    }

    /** A table; cells of {@code numeric} columns are right-aligned. */
    Html table(List<String> header, List<List<String>> rows, boolean[] numeric) {
        out.append("<table>\n<tr>");
        for (String h : header) {
            out.append("<th>").append(escape(h)).append("</th>");
        }
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                out.append(numeric[c] ? "<td class=\"n\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        return this;
    }

    /** The SQL behind a section, folded away. */
    Html sql(String label, String sql) {
        out.append("<details><summary>").append(escape(label)).append("</summary><pre>").append(escape(sql.strip()))
                .append("</pre></details>\n");
        return this;
    }

    /** An open row of figures side by side (two, where the page is wide enough); closed by {@link #endPair}. */
    Html pair() {
        out.append("<div class=\"pair\">\n");
        return this;
    }

    Html endPair() {
        out.append("</div>\n");
        return this;
    }

    /**
     * An interactive chart: an empty {@code div.chart} that the page's runtime draws from {@code specJson} (the JSON
     * of {@link ChartSpec}), with links to the PNG files of the same figure beside the page.
     */
    Html chart(String id, String specJson, String caption, List<String> pngFiles) {
        out.append("<figure><div class=\"chart\" id=\"").append(escape(id)).append("\" data-spec=\"")
                .append(escape(id)).append("-spec\"></div><script type=\"application/json\" id=\"")
                .append(escape(id)).append("-spec\">").append(specJson).append("</script><figcaption>")
                .append(escape(caption));
        for (String file : pngFiles) {
            out.append(" <a href=\"").append(escape(file)).append("\">").append(escape(file)).append("</a>");
        }
        out.append("</figcaption></figure>\n");
        return this;
    }

    /** The page, with the chart library and runtime at the end of the body (after every chart's element). */
    String finish() {
        return out + Echarts.scripts() + "</body>\n</html>\n";
    }
}
