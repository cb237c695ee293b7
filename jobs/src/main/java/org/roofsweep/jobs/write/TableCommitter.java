package org.roofsweep.jobs.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.sql.types.StructType;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * Atomic, conditional output for a sweep folder on any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}
 * ...): its tables {@code points/} and {@code operators/} are Apache Iceberg tables ({@link IcebergTables}), and a run
 * publishes by committing one snapshot of each ({@link SnapshotCommits}). The steps, each followed by the test
 * {@link Hook}:
 * <ol>
 * <li>{@link Step#FILES_WRITTEN}: the tasks' files are in the tables' data folders, referenced by no snapshot;</li>
 * <li>{@link Step#OPERATORS_STAGED}: the operators' snapshot is committed on a branch of this run;</li>
 * <li>{@link Step#POINTS_COMMITTED}: the points' snapshot, carrying the run manifest and naming that operators
 * snapshot, is committed if no other run committed since this one looked: the one step readers see;</li>
 * <li>{@link Step#OPERATORS_PUBLISHED}: the operators table's {@code main} follows, the branch goes;</li>
 * <li>{@link Step#STAGING_REMOVED}: the run's staging folder ({@link Staging}) is deleted.</li>
 * </ol>
 * A run that loses the race to another gets a clear error and changes nothing, except an append of a disjoint range
 * of the same sweep, which is checked again against the new snapshot and retried. A run that fails removes what it
 * wrote; a killed one leaves its files unreferenced and its staging folder behind, and the next run removes both.
 */
public final class TableCommitter {
    /** The tables a sweep's output may hold. */
    static final List<String> TABLES = List.of(PointsTable.NAME, OperatorsTable.NAME);
    /** Appends of disjoint ranges that another append beat to the commit try again, at most this often. */
    static final int APPEND_ATTEMPTS = 8;

    /** What to do when the output already holds a sweep. */
    public enum Mode { CREATE, OVERWRITE, APPEND }

    /** The steps of {@link #publish}, in order. */
    public enum Step { FILES_WRITTEN, OPERATORS_STAGED, POINTS_COMMITTED, OPERATORS_PUBLISHED, STAGING_REMOVED }

    /** Called after each step; a test's hook fails the commit there. */
    public interface Hook {
        void after(Step step);
    }

    private final FileSystem fs;
    private final Configuration conf;
    private final Path output;
    private final Mode mode;
    private final String runId;
    private final Staging staging;
    private final Hook hook;
    /** How old a staging folder's heartbeat must be before the next run takes its run for dead. */
    public static final Duration STALE = Staging.STALE;

    private Optional<Long> base = Optional.empty();
    private Duration committing = Duration.ZERO;

    private TableCommitter(FileSystem fs, Configuration conf, Path output, Mode mode, String runId, Hook hook) {
        this.fs = fs;
        this.conf = conf;
        this.output = output;
        this.mode = mode;
        this.runId = runId;
        this.staging = new Staging(fs, output, runId);
        this.hook = hook;
    }

    /** Resolves {@code uri} (a path or any Hadoop URI) on its file system; nothing is written yet. */
    public static TableCommitter open(String uri, Mode mode, Configuration conf, String runId) {
        Path p;
        try {
            p = new Path(uri);
        } catch (IllegalArgumentException e) {
            throw new UserException("--output " + uri + " is not a path or URI: " + e.getMessage());
        }
        try {
            FileSystem fs = p.getFileSystem(conf);
            Path output = fs.makeQualified(p);
            if (output.getParent() == null) {
                throw new UserException("--output " + uri + " is the root of a file system; give a folder below it");
            }
            return new TableCommitter(fs, conf, output, mode, runId, step -> { });
        } catch (IOException e) {
            throw new UserException("--output " + uri + ": cannot reach its file system: " + firstLine(e));
        }
    }

    /** The same committer with {@code hook} called after each step of {@link #publish}. */
    public TableCommitter withHook(Hook hook) {
        return new TableCommitter(fs, conf, output, mode, runId, hook);
    }

    /** The output folder, fully qualified (e.g. {@code file:/home/me/output/small}). */
    public Path output() { return output; }

    public Mode mode() { return mode; }

    /** How long the last {@link #publish} took, from the tasks' files in place to the staging folder gone. */
    public Duration commitTime() { return committing; }

    /** Letters and digits of the run id: in the names of the run's files and branches. */
    public static String runTag(String runId) {
        return runId.replaceAll("\\W", "");
    }

    /** Where the tasks' files of table {@code name} go once all tasks succeeded, still unreferenced. */
    public Path dataFolder(String name) {
        return new Path(new Path(output, name), IcebergTables.DATA);
    }

    /** Where the task attempts of a table write before their files move into {@link #dataFolder}. */
    public Path stagingAttempts(String name) {
        return new Path(new Path(staging.folder(), "_attempts"), name);
    }

    /**
     * Checks, before any work, that this run may write to the output: a folder holding a sweep needs
     * {@link Mode#OVERWRITE} or {@link Mode#APPEND}, and an append must be of the same config, the same roofsweep
     * version and new point ids. Remembers the points snapshot it saw: the commit is conditional on it. Returns the
     * committed manifest, if any.
     */
    public Optional<RunManifest> check(String configHash, String version, PointRange range) {
        try {
            if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
                throw new UserException("--output " + output + " is a file, not a folder");
            }
            refuseForeign();
            Optional<Snapshot> current = pointsSnapshot();
            base = current.map(Snapshot::snapshotId);
            Optional<RunManifest> existing = current.map(this::manifestOf);
            SweepState.admit(mode, output, existing, configHash, version, range);
            return existing;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The points table's current snapshot, read afresh (none without a table or a commit). */
    private Optional<Snapshot> pointsSnapshot() {
        return points().map(Table::currentSnapshot);
    }

    /** The points table, if the output has one; damaged metadata (edited, cut short) is named, never replaced. */
    private Optional<Table> points() {
        try {
            return SnapshotCommits.existing(new Path(output, PointsTable.NAME), conf);
        } catch (RuntimeException e) { // no commit can be conditional on metadata nobody can read, so none is made
            throw new UserException(output + "/points: its Iceberg metadata cannot be read (" + firstLine(e)
                    + "); move the folder away or choose another --output");
        }
    }

    /**
     * Refuses a points folder that holds more than an Iceberg table's {@code data/} and {@code metadata/} (another
     * tool wrote it): no run's to replace. A {@code data/} folder alone is a first run's files before its commit.
     */
    private void refuseForeign() throws IOException {
        Path folder = new Path(output, PointsTable.NAME);
        if (!fs.exists(folder)) {
            return;
        }
        for (FileStatus child : fs.listStatus(folder)) {
            String name = child.getPath().getName();
            if (!name.equals(IcebergTables.DATA) && !name.equals(IcebergTables.METADATA)) {
                throw new UserException(output + " holds a points folder that is not an Iceberg table (it has "
                        + name + "; written by an earlier roofsweep, or by something else); move it away or "
                        + "choose another --output");
            }
        }
    }

    private RunManifest manifestOf(Snapshot s) {
        String json = s.summary().get(IcebergTables.RUN);
        if (json == null) {
            throw new UserException(output + "/points: snapshot " + s.snapshotId() + " has no roofsweep run manifest "
                    + "(written by another tool); choose another --output");
        }
        return RunManifest.fromJson(json.getBytes(StandardCharsets.UTF_8), output + "/points snapshot "
                + s.snapshotId());
    }

    /**
     * Removes what killed runs left beside the output: each staging folder whose heartbeat is older than
     * {@code staleAfter} ({@link Staging#STALE} normally), the data files of its run that no snapshot references,
     * and its operators branches. Returns one line per run removed, and per live run seen writing.
     */
    public List<String> cleanUp(Duration staleAfter) {
        try {
            List<String> notes = new ArrayList<>();
            List<Path> stale = staging.othersStale(output, staleAfter);
            for (Path s : stale) {
                String tag = runTag(Staging.runOf(s));
                int files = removeUncommitted(tag);
                fs.delete(s, true);
                notes.add("removed " + s + " and " + files + " uncommitted data file" + (files == 1 ? "" : "s")
                        + ", left by run " + Staging.runOf(s) + ", which was killed");
            }
            for (Path s : staging.others(output)) {
                if (!stale.contains(s)) {
                    notes.add("run " + Staging.runOf(s) + " is writing into " + output + " now (" + s + ")");
                }
            }
            return notes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the unreferenced files of the run with {@code tag} from both tables and its operators branches. */
    private int removeUncommitted(String tag) throws IOException {
        int n = 0;
        for (String t : TABLES) {
            Path folder = new Path(output, t);
            Optional<Table> table = SnapshotCommits.existing(folder, conf);
            if (t.equals(OperatorsTable.NAME) && table.isPresent()) {
                SnapshotCommits.follow(table.get(), this::pointsSnapshot, Set.of(tag));
            }
            n += SnapshotCommits.removeUncommitted(fs, dataFolder(t), table, tag);
        }
        return n;
    }

    /** Creates the run's staging folder and starts its heartbeat; call before the tasks write. */
    public void begin() {
        try {
            staging.begin();
        } catch (IOException e) {
            throw new UserException("cannot write beside " + output + ": " + firstLine(e));
        }
    }

    /**
     * Commits the tables' files ({@code files} by table name; each list as the tasks reported it) with this run's
     * manifest {@code run}, as described in the class comment. Returns the manifest of the committed snapshot (for
     * an append, the merged one of the old and new rows).
     */
    public RunManifest publish(Map<String, StagedTable> files, RunManifest run) {
        long started = System.nanoTime();
        try {
            hook.after(Step.FILES_WRITTEN);
            for (int attempt = 1;; attempt++) {
                Optional<Snapshot> now = pointsSnapshot();
                if (!now.map(Snapshot::snapshotId).equals(base)) {
                    if (mode != Mode.APPEND) {
                        throw new UserException(SweepState.lost(mode, output, now.map(this::manifestOf)));
                    }
                    SweepState.admit(mode, output, now.map(this::manifestOf), run.configHash(),
                            run.roofsweepVersion(), run.pointRanges().get(0));
                    base = now.map(Snapshot::snapshotId);
                }
                RunManifest merged = mode == Mode.APPEND ? now.map(this::manifestOf).map(b -> b.plus(run)).orElse(run)
                        : run;
                try {
                    commit(files, merged, attempt);
                    break;
                } catch (ValidationException | CommitFailedException e) {
                    if (mode != Mode.APPEND || attempt == APPEND_ATTEMPTS) {
                        throw new UserException(SweepState.lost(mode, output, pointsSnapshot().map(this::manifestOf)));
                    }
                }
            }
            Optional<Snapshot> now = pointsSnapshot();
            Optional<Table> operators = SnapshotCommits.existing(new Path(output, OperatorsTable.NAME), conf);
            operators.ifPresent(o -> SnapshotCommits.follow(o, this::pointsSnapshot, Set.of(runTag(runId))));
            hook.after(Step.OPERATORS_PUBLISHED);
            staging.close();
            committing = Duration.ofNanos(System.nanoTime() - started);
            hook.after(Step.STAGING_REMOVED);
            return now.map(this::manifestOf).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the tables of " + output, e);
        } finally {
            staging.stop();
        }
    }

    /** One attempt: the operators' snapshot on a branch, then the conditional points commit. */
    private void commit(Map<String, StagedTable> files, RunManifest merged, int attempt) throws IOException {
        if (!staging.present()) {
            throw new UserException("this run's staging folder " + staging.folder() + " was removed by another run "
                    + "that took this one for dead; nothing was committed");
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put(IcebergTables.RUN, new String(merged.toJson(), StandardCharsets.UTF_8));
        summary.put(IcebergTables.RUN_ID, runId);
        // an append builds on the operators snapshot that the points snapshot it builds on names
        Optional<Long> operators = mode != Mode.APPEND ? Optional.empty() : points().map(t -> base.map(t::snapshot)
                .orElse(null)).map(s -> s.summary().get(IcebergTables.OPERATORS_SNAPSHOT)).map(Long::valueOf);
        StagedTable ops = files.get(OperatorsTable.NAME);
        if (ops != null) {
            Table t = IcebergTables.createOrLoad(new Path(output, OperatorsTable.NAME).toString(), ops.schema(),
                    ops.partitionBy(), conf);
            operators = Optional.of(SnapshotCommits.stageOperators(t, ops, dataFolder(OperatorsTable.NAME), operators,
                    SnapshotCommits.BRANCH + runTag(runId) + "-" + attempt));
        }
        operators.ifPresent(id -> summary.put(IcebergTables.OPERATORS_SNAPSHOT, Long.toString(id)));
        hook.after(Step.OPERATORS_STAGED);
        StagedTable p = files.get(PointsTable.NAME);
        Table t = IcebergTables.createOrLoad(new Path(output, PointsTable.NAME).toString(), p.schema(),
                p.partitionBy(), conf);
        SnapshotCommits.commitPoints(t, p, dataFolder(PointsTable.NAME), mode == Mode.APPEND, base, summary);
        hook.after(Step.POINTS_COMMITTED);
    }

    /** What the tasks wrote for one table, with the table's schema and partition columns. */
    public record StagedTable(StructType schema, List<String> partitionBy, List<TaskFiles> files) {
        public StagedTable {
            partitionBy = List.copyOf(partitionBy);
            files = List.copyOf(files);
        }
    }

    /**
     * After a failure: deletes the data files this run wrote that no snapshot references, and its staging folder;
     * the committed tables are untouched.
     */
    public void abort() {
        try {
            staging.stop();
            try {
                removeUncommitted(runTag(runId));
            } finally {
                staging.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
