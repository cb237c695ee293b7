package org.roofsweep.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a JSON tree in the layout of the project's config files: two spaces of indent per level, {@code "key":
 * value}, one array element or object field per line, empty containers as {@code []} and {@code {}}, text in ASCII
 * (every character outside space to tilde escaped, as {@code \n} or {@code \\u00e9}) and a newline at the end; this is
 * the layout of Python's {@code json.dumps(indent=2)}, which wrote the files. Numbers are written as read by
 * {@link JsonFiles} (exact decimals, never in exponent form), so a file written from its own tree is byte-identical.
 */
public final class JsonText {
    private static final String INDENT = "  ";

    private JsonText() {
    }

    public static String write(JsonNode root) {
        StringBuilder out = new StringBuilder();
        value(out, root, "");
        return out.append('\n').toString();
    }

    private static void value(StringBuilder out, JsonNode n, String indent) {
        if (n.isContainerNode()) {
            // an array's elements as entries without a key
            List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
            if (n.isObject()) {
                n.fields().forEachRemaining(items::add);
            } else {
                n.forEach(e -> items.add(new AbstractMap.SimpleEntry<>(null, e)));
            }
            container(out, items, indent, n.isObject() ? '{' : '[', n.isObject() ? '}' : ']');
        } else if (n.isTextual()) {
            quoted(out, n.textValue());
        } else if (n.isBigDecimal()) {
            out.append(n.decimalValue().toPlainString());
        } else {
            out.append(n.asText());
        }
    }

    /** Fields ({@code key} null for array elements), one a line, or the empty pair of brackets. */
    private static void container(StringBuilder out, List<Map.Entry<String, JsonNode>> items, String indent,
            char open, char close) {
        out.append(open);
        if (items.isEmpty()) {
            out.append(close);
            return;
        }
        String inner = indent + INDENT;
        for (int i = 0; i < items.size(); i++) {
            Map.Entry<String, JsonNode> e = items.get(i);
            out.append(i == 0 ? "\n" : ",\n").append(inner);
            if (e.getKey() != null) {
                quoted(out, e.getKey());
                out.append(": ");
            }
            value(out, e.getValue(), inner);
        }
        out.append('\n').append(indent).append(close);
    }

    private static void quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < ' ' || c > '~') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
