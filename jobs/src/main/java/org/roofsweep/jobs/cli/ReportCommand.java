package org.roofsweep.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.Engines;
import org.roofsweep.jobs.query.Sessions;
import org.roofsweep.jobs.query.SweepTables;
import org.roofsweep.jobs.report.Report;
import org.roofsweep.jobs.write.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report}: one sweep as an HTML page with its figures as PNG files beside it. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render a sweep as one self-contained HTML page (figures embedded) plus the figures as PNG "
            + "files: a summary of PowerInfer vs dense systems on multi-modal models and consumer GPUs, speedup "
            + "heatmaps, throughput against GPU memory, memory breakdowns and a roofline per GPU.",
            "The sweep folder is a path or any Hadoop URI run writes to; its tables are read by the same engine as "
                + "query's (DuckDB for local tables, Spark SQL otherwise, or --engine).",
            "Example: report output/small --out output/small/report"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep output folder or URI (holds points/)")
    private String sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "where report.html and the PNGs go, a local folder "
            + "(default: SWEEP/report for a local sweep)")
    private Path out;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "duckdb, spark, or auto: duckdb when the tables are on the local file system "
                    + "(default: ${DEFAULT-VALUE})")
    private String engine;

    @Mixin
    private CatalogOptions catalog;

    @Option(names = "--max-rooflines", paramLabel = "N", defaultValue = "12",
            description = "roofline charts for at most N GPUs, smallest memory first (default: ${DEFAULT-VALUE})")
    private int maxRooflines;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(catalog.folder())) {
            throw new UserException("no catalog folder " + catalog.folder() + " (give --configs DIR)");
        }
        if (maxRooflines < 0) {
            throw new UserException("--max-rooflines must not be negative");
        }
        Engines.Choice choice = Engines.choice(engine);
        Catalogs catalogs = catalog.load();
        Report.Output written;
        SweepTables tables = Engines.list(List.of(sweep));
        SweepTables.Sweep s = tables.sweeps().values().iterator().next();
        try (Engine e = Engines.open(choice, tables, catalogs, () -> Sessions.open("roofsweep report"))) {
            Path target = out != null ? out : defaultOut(s.uri());
            written = Report.write(e, sweep, SweepTables.runJson(s, HadoopConf::current), target, catalogs,
                    maxRooflines);
        }
        spec.commandLine().getOut().println("wrote " + written.html() + " and " + written.figures().size()
                + " figures");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code SWEEP/report} for a local sweep; a sweep elsewhere needs {@code --out}. */
    private static Path defaultOut(String uri) {
        if (!uri.startsWith("file:")) {
            throw new UserException("give --out DIR: the report is written to the local file system, and " + uri
                    + " is not on it");
        }
        return Path.of(java.net.URI.create(uri)).resolve("report");
    }
}
