package org.roofsweep.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.Cursor;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.Engines;
import org.roofsweep.jobs.query.Prompt;
import org.roofsweep.jobs.query.QueryText;
import org.roofsweep.jobs.query.ResultWriter;
import org.roofsweep.jobs.query.Sessions;
import org.roofsweep.jobs.query.SweepTables;
import org.roofsweep.jobs.query.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code query}: SQL over the tables of one or more sweeps, by DuckDB (local tables) or Spark SQL (any other). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run SQL over sweep results and print the answer as a table; with no SQL, open an interactive "
                + "prompt. Sweep folders are paths or any Hadoop URI run writes to (file:, hdfs://, s3a://). Tables on "
                + "the local file system run on embedded DuckDB, others on Spark SQL (--engine chooses); both take "
                + "Spark's dialect and offer the same views.",
            "Views: each table folder t of a sweep folder s (points, operators) as s_t, and all_t: the union over "
                + "the sweeps given, with a leading sweep column; with a single sweep also plain t (points, "
                + "operators). Always gpus and models, from the catalog in --configs. --views lists them with their "
                + "columns.",
            "Example: query output/small --file configs/queries/speedup.sql",
            "Prompt: query output/small (statements end with ';'; .views, .help, .quit)"},
        sortOptions = false)
public final class QueryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SWEEP... [SQL]",
            description = "sweep output folders or URIs, then the SQL statement (none: --file, --views or the prompt)")
    private List<String> args;

    @Option(names = "--file", paramLabel = "FILE",
            description = "read the SQL from FILE (e.g. configs/queries/speedup.sql)")
    private Path file;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "value of the :NAME marker in the SQL (overrides the file's '-- param: NAME = VALUE')")
    private List<String> params = new ArrayList<>();

    @Option(names = "--csv", paramLabel = "FILE", description = "write every row to FILE as CSV instead of printing")
    private Path csv;

    @Option(names = "--json", description = "print JSON lines (one object per row) instead of a table")
    private boolean json;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "rows of the printed table, which streams (default: ${DEFAULT-VALUE}); --csv and --json "
                    + "write every row")
    private long maxRows;

    @Option(names = "--views", description = "list the registered views and their columns")
    private boolean listViews;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "duckdb, spark, or auto: duckdb when every table is on the local file system "
                    + "(default: ${DEFAULT-VALUE})")
    private String engine;

    @Option(names = "--history", paramLabel = "FILE", description = "the prompt's history (default: "
            + "~/.roofsweep_history)")
    private Path history;

    @Mixin
    private CatalogOptions catalog;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean sqlInArgs = file == null && !listViews && args.size() > 1 && isSql(args.get(args.size() - 1));
        List<String> sweeps = sqlInArgs ? args.subList(0, args.size() - 1) : args;
        String sqlText = sqlInArgs ? args.get(args.size() - 1) : file != null ? read(file) : null;
        if (maxRows < 1) {
            throw new UserException("--max-rows must be at least 1");
        }
        Engines.Choice choice = Engines.choice(engine);
        Catalogs catalogs = null;
        if (Files.isDirectory(catalog.folder())) {
            catalogs = catalog.load();
        } else {
            spec.commandLine().getErr().println("note: no catalog folder " + catalog.folder()
                    + "; views gpus and models are not registered");
        }
        SweepTables tables = Engines.list(sweeps);
        try (Engine e = Engines.open(choice, tables, catalogs, () -> Sessions.open("roofsweep query"))) {
            if (listViews) {
                for (View v : e.views()) {
                    out.println(Prompt.describe(e, v));
                }
                out.flush();
                return 0;
            }
            if (sqlText == null) {
                new Prompt(e, maxRows).runOnSystemTerminal(history != null ? history
                        : Path.of(System.getProperty("user.home"), ".roofsweep_history"));
                return 0;
            }
            try (Cursor result = e.open(QueryText.of(sqlText, params))) {
                if (csv != null) {
                    long n = writeCsv(result, csv);
                    spec.commandLine().getErr().println("wrote " + n + " rows to " + csv);
                } else if (json) {
                    ResultWriter.jsonLines(result, out);
                } else {
                    ResultWriter.text(result, maxRows, out);
                }
            }
        }
        return 0;
    }

    /** The last argument is a statement, not a folder: it has a space and is no local folder. */
    private static boolean isSql(String arg) {
        return arg.strip().matches("(?s).*\\s.*") && !new File(arg).isDirectory();
    }

    private static String read(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new UserException("no SQL file " + f);
        }
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long writeCsv(Cursor result, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                return ResultWriter.csv(result, w);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + target + ": " + e.getMessage());
        }
    }
}
