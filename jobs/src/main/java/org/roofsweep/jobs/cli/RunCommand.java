package org.roofsweep.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.model.HfConfigImporter;
import org.roofsweep.core.sweep.Axis;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.sweep.SweepJob;
import org.roofsweep.jobs.write.HadoopConf;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run}: validates a sweep config against the catalogs, then (and only then) starts Spark, writes the tables
 * into a staging folder and publishes them in one Iceberg snapshot per table, the run manifest in the points
 * snapshot's summary. Local on all cores unless {@code --master} or
 * spark-submit names a cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a sweep: evaluate every point of a config's grid on Spark and write the points (and "
            + "operators) Iceberg tables, the run manifest in the points snapshot's summary.",
            "Example: run configs/sweeps/small.json --overwrite"})
public final class RunCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config, e.g. configs/sweeps/small.json")
    private Path config;

    @Option(names = "--output", paramLabel = "URI",
            description = "output folder: a path or any Hadoop URI (hdfs://..., s3a://...); default: the config's "
                    + "\"output\", else output/<name>")
    private String output;

    @ArgGroup(exclusive = true)
    private Existing existing = new Existing();

    @Option(names = "--max-points", paramLabel = "N",
            description = "refuse grids larger than N points (default: ${DEFAULT-VALUE})")
    private long maxPoints = SweepConfigFile.DEFAULT_MAX_POINTS;

    @Option(names = "--master", paramLabel = "MASTER",
            description = "Spark master (default: spark-submit's, else local[*]); submit.sh runs spark:// and yarn "
                    + "masters through spark-submit")
    private String master;

    @Mixin
    private CatalogOptions catalog;

    @Option(names = "--hf-model", paramLabel = "KEY=FILE",
            description = "add a model read from a Hugging Face config.json under the name KEY (repeatable)")
    private List<String> hfModels = new ArrayList<>();

    @Option(names = "--range", paramLabel = "FROM:TO",
            description = "evaluate only point ids FROM (included) to TO (excluded), e.g. to --append a sweep in "
                    + "pieces")
    private String range;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spark tasks for the points (default: about " + SweepJob.POINTS_PER_TASK
                    + " points each, a multiple of the cores)")
    private int partitions;

    @Option(names = "--dry-run", description = "validate the config, the output and the master, print the plan, "
            + "start no Spark")
    private boolean dryRun;

    @Option(names = "--verbose", description = "print the stack trace behind an error")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    /** What to do when the output already holds a sweep. */
    static final class Existing {
        @Option(names = "--overwrite", description = "replace the sweep already in the output folder")
        boolean overwrite;

        @Option(names = "--append", description = "add points to the sweep in the output folder (same config only, "
                + "new point ids: see --range)")
        boolean append;

        TableCommitter.Mode mode() {
            return overwrite ? TableCommitter.Mode.OVERWRITE
                    : append ? TableCommitter.Mode.APPEND : TableCommitter.Mode.CREATE;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxPoints < 1) {
            throw new UserException("--max-points must be at least 1, found " + maxPoints);
        }
        if (partitions < 0) {
            throw new UserException("--partitions must be 0 (automatic) or more, found " + partitions);
        }
        SweepPlan plan = SweepConfigFile.load(config, withHfModels(catalog.load()), maxPoints);
        PointRange points;
        try {
            points = PointRange.parse(range, plan.size());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        String version = version();
        String runId = RUN_ID.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String outputUri = output != null ? output : plan.settings().output();
        OutputCheck.check(outputUri, HadoopConf.current());
        // a --master given is always checked; spark-submit's only when this run will start the session
        if (master != null) {
            MasterCheck.check(master, System.getenv());
        } else if (new SparkConf().contains("spark.master") && SparkSession.getDefaultSession().isEmpty()) {
            MasterCheck.check(new SparkConf().get("spark.master"), System.getenv());
        }
        TableCommitter target = TableCommitter.open(outputUri,
                existing.mode(), HadoopConf.current(), runId);
        Optional<RunManifest> published = target.check(plan.configHash(), version, points);
        if (dryRun) {
            out.println(describe(plan, points, target, published));
            out.flush();
            return 0;
        }
        for (String note : target.cleanUp(TableCommitter.STALE)) {
            err.println("note: " + note);
        }
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session("roofsweep run " + plan.name());
        try {
            SweepJob.Request request = new SweepJob.Request(plan, config.toString(), version, runId, points,
                    partitions);
            long t0 = System.nanoTime();
            RunManifest m;
            try {
                m = SweepJob.run(spark, request, target, err);
            } catch (Exception e) { // SparkException is checked, yet Scala code throws it undeclared
                err.println("run failed: nothing was published; " + target.output() + " is as it was");
                throw e;
            }
            double seconds = (System.nanoTime() - t0) / Units.NANOS_PER_SECOND;
            RunManifest.Run run = m.runs().get(m.runs().size() - 1);
            out.printf(Locale.ROOT, "sweep %s: %,d points in %.1f s (%,.0f points/s): %,d rows (%,d infeasible), "
                    + "%,d filtered, %,d operator rows%n", plan.name(), points.size(), seconds,
                    points.size() / seconds, run.rowsWritten(), run.rowsInfeasible(), run.rowsFiltered(),
                    run.operatorRows());
            if (m.runs().size() > 1) {
                out.printf(Locale.ROOT, "the table now holds %,d rows of point ids %s, from %d runs%n",
                        m.rowsWritten(), m.pointRanges().stream().map(PointRange::toString)
                                .collect(Collectors.joining(", ")), m.runs().size());
            }
            out.printf(Locale.ROOT, "wrote %s (%s: one Iceberg snapshot each, committed in %.2f s); checksum %s%n",
                    target.output(), String.join(", ", m.tables()), target.commitTime().toNanos()
                            / Units.NANOS_PER_SECOND, m.checksum().points());
            out.flush();
            return 0;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    /** The catalogs plus the {@code --hf-model} imports; their files enter the catalog hash. */
    private Catalogs withHfModels(Catalogs catalogs) {
        Catalogs c = catalogs;
        for (String spec : hfModels) {
            int eq = spec.indexOf('=');
            if (eq < 1 || eq == spec.length() - 1) {
                throw new UserException("--hf-model expects KEY=FILE (e.g. my_llama=models/config.json), found \""
                        + spec + "\"");
            }
            String key = spec.substring(0, eq);
            Path file = Path.of(spec.substring(eq + 1));
            if (c.models().model(key).isPresent()) {
                throw new UserException("--hf-model " + key + ": the catalog already has a model of that name");
            }
            c = c.withModel(HfConfigImporter.read(file, key), file);
        }
        return c;
    }

    /** The version in the root command's {@code --version} ("roofsweep 0.1.0" gives "0.1.0"). */
    private String version() {
        String[] v = spec.root().version();
        return v.length == 0 ? "unknown" : v[0].replaceFirst("^roofsweep\\s+", "");
    }

    /** The running session if there is one (tests), else a new one: {@code --master}, spark-submit's, or local. */
    private SparkSession session(String appName) {
        SparkConf given = new SparkConf();
        String m = master != null ? master : given.contains("spark.master") ? null : "local[*]";
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (m != null) {
            b.master(m);
            if (m.startsWith("local") && !given.contains("spark.ui.enabled")) {
                b.config("spark.ui.enabled", "false");
            }
        }
        return b.getOrCreate();
    }

    private static String describe(SweepPlan plan, PointRange points, TableCommitter target,
            Optional<RunManifest> published) {
        List<String> axes = new ArrayList<>();
        for (Axis a : Axis.values()) {
            if (plan.grid().radix(a.ordinal()) > 1) {
                axes.add(a.json() + " " + plan.grid().radix(a.ordinal()));
            }
        }
        String action = published.isEmpty() ? "create" : switch (target.mode()) {
            case OVERWRITE -> "overwrite";
            case APPEND -> "append to";
            case CREATE -> "create";
        };
        return String.format(Locale.ROOT, "sweep %s: %,d point%s (%s), evaluating %s; would %s %s%nconfig_hash %s",
                plan.name(), plan.size(), plan.size() == 1 ? "" : "s",
                axes.isEmpty() ? "every axis has one value" : String.join(" x ", axes), points, action,
                target.output(), plan.configHash());
    }
}
