package org.roofsweep.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.query.Sessions;
import org.roofsweep.jobs.query.SweepViews;
import org.roofsweep.jobs.report.Report;
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
            "Example: report output/small --out output/small/report"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep output folder (holds points/)")
    private Path sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "where report.html and the PNGs go (default: "
            + "SWEEP/report)")
    private Path out;

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
        SweepViews.check(List.of(sweep));
        Catalogs catalogs = catalog.load();
        Path target = out != null ? out : sweep.resolve("report");
        Report.Output written = Report.write(Sessions.open("roofsweep report"), sweep, target, catalogs,
                maxRooflines);
        spec.commandLine().getOut().println("wrote " + written.html() + " and " + written.figures().size()
                + " figures");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
