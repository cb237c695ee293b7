package org.roofsweep.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.SweepTables;

/**
 * Renders one sweep as a self-contained HTML page ({@code report.html}: interactive ECharts charts, the library
 * inlined, so it opens offline) with the figures for papers as PNG files beside it: the headline answer (PowerInfer's
 * speedup against images per request per GPU memory class, and each system's tokens/s per GiB of GPU memory), the
 * details per GPU and model, PowerInfer-vs-dense speedup heatmaps over (batch, sparsity) and (prompt, images) and,
 * where the sweep varies them, over the image-token axes ({@link ImageTokenRegions}),
 * throughput against GPU memory, memory breakdowns and rooflines. Every number comes from SQL aggregates over the
 * sweep's tables (never raw rows in the page); the statements are shown under each section.
 */
public final class Report {
    /** Heatmap and memory-breakdown panels: this many GPUs at most, spread over the memory range. */
    static final int FOCUS_GPUS = 4;

    /** The page and the figure files written. */
    public record Output(Path html, List<Path> figures) {
    }

    private Report() {
    }

    /**
     * Writes the report of the sweep {@code sweep} (as given on the command line), whose views {@code engine} holds
     * with the catalog's, to {@code out} (created if needed); {@code runJson} is the sweep's run manifest, if it has one.
     */
    public static Output write(Engine engine, String sweep, Optional<byte[]> runJson, Path out, Catalogs catalogs,
            int maxRooflines) {
        System.setProperty("java.awt.headless", "true");
        if (!engine.viewNames().contains("points")) {
            throw new UserException(sweep + " has no points table");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserException("cannot create " + out + ": " + e.getMessage());
        }
        String name = SweepTables.sweepName(sweep);
        ReportContext cx = new ReportContext(engine, catalogs, new Html("roofsweep report: " + name), out,
                RunInfo.flashAttention(runJson));
        return render(cx, sweep, runJson, name, maxRooflines);
    }

    private static Output render(ReportContext cx, String sweep, Optional<byte[]> runJson, String name,
            int maxRooflines) {
        Html html = cx.html();
        html.heading(1, "roofsweep report: " + name);
        Row totals = cx.rows("""
                SELECT count(*) AS n, count_if(fits) AS fitting, count(DISTINCT gpu) AS gpus,
                       count(DISTINCT model) AS models, array_join(array_sort(collect_set(system)), ', ') AS systems,
                       count_if(system = 'powerinfer') AS powerinfer,
                       count_if(system IN (%s)) AS dense
                FROM points""".formatted(Comparison.denseSystems()), Map.of()).get(0);
        html.muted(String.format(Locale.ROOT, "%d points (%d fit in memory) over %d GPUs, %d models and the systems "
                + "%s. Regenerate with ./submit.sh report %s; query the same tables with ./submit.sh query.",
                totals.<Long>getAs("n"), totals.<Long>getAs("fitting"), totals.<Long>getAs("gpus"),
                totals.<Long>getAs("models"), totals.getAs("systems"), sweep));
        Optional<Findings.Scope> scope = Optional.empty();
        boolean comparable = totals.<Long>getAs("powerinfer") > 0 && totals.<Long>getAs("dense") > 0;
        if (comparable) {
            // a join and an aggregate that the summary and the heatmaps read a dozen times: computed once, kept in
            // memory (spilling to disk). The points table itself stays on disk: Parquet reads only the columns a
            // query names, a cache would hold all of them.
            cx.cache(Comparison.sql(), Comparison.VIEW);
        }
        Headline.write(cx);
        if (comparable) {
            scope = Summary.write(cx);
        } else {
            html.heading(2, "Summary").paragraph("The sweep does not hold both PowerInfer and a dense system "
                    + "(dense-gpu or layer-offload), so there is no comparison to summarise.");
        }
        String model = focusModel(cx, scope);
        if (model != null) {
            List<String> gpus = focusGpus(cx, scope, model);
            if (comparable) {
                SpeedupHeatmaps.write(cx, model, gpus);
                ImageTokenRegions.write(cx, model, gpus);
            }
            ThroughputVsMemory.write(cx, model);
            MemoryBreakdowns.write(cx, model, gpus);
        }
        Rooflines.write(cx, model, maxRooflines);
        RunInfo.write(cx, runJson);
        Path page = cx.out().resolve("report.html");
        try {
            Files.writeString(page, html.finish(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Output(page, cx.figures());
    }

    /** The model the figures follow: the in-scope model with the most PowerInfer points that fit. */
    private static String focusModel(ReportContext cx, Optional<Findings.Scope> scope) {
        String sql = scope.isPresent()
                ? "SELECT v.model FROM pi_vs_dense v " + ReportContext.IN_SCOPE.formatted("v", "v") + " WHERE "
                        + scope.get().predicate() + " GROUP BY v.model ORDER BY count_if(v.pi_fits) DESC, v.model"
                : "SELECT model FROM points GROUP BY model ORDER BY count_if(fits) DESC, model";
        List<Row> r = cx.rows(sql + " LIMIT 1", Map.of());
        return r.isEmpty() ? null : r.get(0).getString(0);
    }

    /** Up to {@link #FOCUS_GPUS} GPUs that ran the model, in scope if any is, spread evenly over their memory. */
    private static List<String> focusGpus(ReportContext cx, Optional<Findings.Scope> scope, String model) {
        String where = scope.map(Findings.Scope::predicate).orElse("false");
        List<Row> all = cx.rows("SELECT p.gpu, " + where + " AS in_scope FROM points p "
                + ReportContext.IN_SCOPE.formatted("p", "p")
                + " WHERE p.model = :model GROUP BY p.gpu, g.memory_gib, in_scope ORDER BY g.memory_gib, p.gpu",
                Map.of("model", model));
        List<Row> inScope = all.stream().filter(r -> r.getBoolean(1)).toList();
        List<Row> r = inScope.isEmpty() ? all : inScope;
        TreeSet<Integer> picks = new TreeSet<>();
        int k = Math.min(FOCUS_GPUS, r.size());
        for (int i = 0; i < k; i++) {
            picks.add(k == 1 ? 0 : (int) Math.round((double) i * (r.size() - 1) / (k - 1)));
        }
        return picks.stream().map(i -> r.get(i).getString(0)).toList();
    }
}
