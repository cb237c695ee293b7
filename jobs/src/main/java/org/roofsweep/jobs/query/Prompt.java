package org.roofsweep.jobs.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.roofsweep.jobs.cli.UserException;

/**
 * The interactive SQL prompt of {@code query}, as the {@code duckdb} and {@code spark-sql} shells have it: a
 * statement may span lines and runs when a line ends with ';'; line editing and a history kept across sessions
 * (JLine); {@code .views} lists the views and their columns, {@code .help} the commands, {@code .quit} (or end of
 * input) leaves. An error in a statement is printed and the prompt goes on.
 */
public final class Prompt {
    private static final String FIRST = "roofsweep> ";
    private static final String MORE = "       ...> ";

    private final Engine engine;
    private final long maxRows;

    public Prompt(Engine engine, long maxRows) {
        this.engine = engine;
        this.maxRows = maxRows;
    }

    /** Runs on the process's terminal, the history in {@code history}. */
    public void runOnSystemTerminal(Path history) {
        try (Terminal t = TerminalBuilder.builder().system(true).build()) {
            run(t, history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs reading {@code in} and writing {@code out} (no terminal needed), the history in {@code history}. */
    public void run(InputStream in, OutputStream out, Path history) {
        try (Terminal t = new DumbTerminal("roofsweep", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8)) {
            t.echo(false);
            run(t, history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(Terminal terminal, Path history) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(parser)
                .variable(LineReader.HISTORY_FILE, history)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is SQL (!=), not a history event
                .build();
        PrintWriter out = terminal.writer();
        out.println("roofsweep " + engine.name() + " prompt: end a statement with ';'. .help for the commands.");
        StringBuilder statement = new StringBuilder();
        while (true) {
            String line;
            try {
                line = reader.readLine(statement.isEmpty() ? FIRST : MORE);
            } catch (UserInterruptException e) {
                statement.setLength(0);
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (statement.isEmpty() && line.strip().startsWith(".")) {
                if (!command(line.strip(), out)) {
                    break;
                }
                continue;
            }
            statement.append(line).append('\n');
            String text = statement.toString().strip();
            if (text.endsWith(";")) {
                statement.setLength(0);
                run(text.substring(0, text.length() - 1), out);
            }
        }
        out.flush();
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("note: the history could not be saved: " + e.getMessage());
        }
    }

    private void run(String sql, PrintWriter out) {
        if (sql.isBlank()) {
            return;
        }
        try (Cursor c = engine.open(QueryText.of(sql, List.of()))) {
            ResultWriter.text(c, maxRows, out);
        } catch (UserException e) {
            out.println("error: " + e.getMessage());
        }
        out.flush();
    }

    /** Runs a dot command; false to leave. */
    private boolean command(String line, PrintWriter out) {
        switch (line.split("\\s+")[0]) {
            case ".quit", ".exit" -> {
                return false;
            }
            case ".views" -> {
                for (View v : engine.views()) {
                    out.println(describe(engine, v));
                }
            }
            case ".help" -> out.println(".views  the views and their columns\n.help   this list\n"
                    + ".quit   leave (also .exit or end of input)\nanything else: SQL, run when a line ends with ';'");
            default -> out.println("error: unknown command " + line + " (.help lists them)");
        }
        out.flush();
        return true;
    }

    /** {@code name (description): column type, ...}, as {@code query --views} prints a view. */
    public static String describe(Engine engine, View v) {
        List<String> cols = new ArrayList<>();
        for (StructField f : engine.schema(v.name()).fields()) {
            cols.add(f.name() + " " + f.dataType().simpleString());
        }
        return v.name() + " (" + v.description() + "): " + String.join(", ", cols);
    }
}
