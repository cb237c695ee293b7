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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.roofsweep.jobs.query.CatalogViews;
import org.roofsweep.jobs.query.QueryText;
import org.roofsweep.jobs.query.ResultWriter;
import org.roofsweep.jobs.query.Sessions;
import org.roofsweep.jobs.query.Sql;
import org.roofsweep.jobs.query.SweepViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code query}: Spark SQL over the tables of one or more sweeps. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run Spark SQL over sweep results and print the answer as a table.",
            "Views: each table folder t of a sweep folder s (points, operators) as s_t, and all_t: the union over "
                + "the sweeps given, with a leading sweep column; with a single sweep also plain t (points, "
                + "operators). Always gpus and models, from the catalog in --configs. --views lists them with their "
                + "columns.",
            "Example: query output/small --file configs/queries/speedup.sql"},
        sortOptions = false)
public final class QueryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SWEEP... [SQL]",
            description = "sweep output folders, then the SQL statement (unless --file or --views is given)")
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
            description = "rows of the printed table (default: ${DEFAULT-VALUE})")
    private int maxRows;

    @Option(names = "--views", description = "list the registered views and their columns")
    private boolean listViews;

    @Mixin
    private CatalogOptions catalog;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean sqlInArgs = file == null && !listViews;
        List<Path> sweeps = new ArrayList<>();
        for (String a : sqlInArgs ? args.subList(0, args.size() - 1) : args) {
            sweeps.add(Path.of(a));
        }
        String sqlText = sqlInArgs ? args.get(args.size() - 1) : file != null ? read(file) : null;
        if (sqlInArgs && new File(sqlText).isDirectory()) {
            throw new UserException("no SQL given: put the statement after the sweep folders, or use --file FILE");
        }
        if (maxRows < 1) {
            throw new UserException("--max-rows must be at least 1");
        }
        SweepViews.check(sweeps);
        SparkSession spark = Sessions.open("roofsweep query");
        List<SweepViews.View> registered = new ArrayList<>(SweepViews.register(spark, sweeps));
        if (Files.isDirectory(catalog.folder())) {
            registered.addAll(CatalogViews.register(spark, catalog.load()));
        } else {
            spec.commandLine().getErr().println("note: no catalog folder " + catalog.folder()
                    + "; views gpus and models are not registered");
        }
        if (listViews) {
            printViews(spark, registered, out);
        }
        List<String> views = registered.stream().map(SweepViews.View::name).toList();
        if (sqlText == null) {
            return 0;
        }
        Dataset<Row> result = Sql.query(spark, QueryText.of(sqlText, params), views);
        if (csv != null) {
            long n = Sql.userErrors(views, () -> writeCsv(result, csv));
            spec.commandLine().getErr().println("wrote " + n + " rows to " + csv);
        }
        if (json) {
            Sql.userErrors(views, () -> ResultWriter.jsonLines(result, out));
        } else if (csv == null) {
            Sql.userErrors(views, () -> ResultWriter.text(result, maxRows, out));
        }
        return 0;
    }

    private static void printViews(SparkSession spark, List<SweepViews.View> views, PrintWriter out) {
        for (SweepViews.View v : views) {
            List<String> cols = new ArrayList<>();
            for (StructField f : spark.table(v.name()).schema().fields()) {
                cols.add(f.name() + " " + f.dataType().simpleString());
            }
            out.println(v.name() + " (" + v.description() + "): " + String.join(", ", cols));
        }
        out.flush();
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

    private static long writeCsv(Dataset<Row> result, Path target) {
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
