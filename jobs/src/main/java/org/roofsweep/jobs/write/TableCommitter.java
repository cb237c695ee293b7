package org.roofsweep.jobs.write;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * Atomic output for a sweep folder on any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:} ...). A run
 * writes its tables and {@code run.json} into a hidden staging folder beside the output,
 * {@code <parent>/.<name>.staging-<run id>}, and publishes them by renames only once everything is written:
 * <ol>
 * <li>the old {@code run.json}, then each old table, move into the staging folder (so an interrupted publish leaves
 * a folder without {@code run.json}, never a table mixing two runs);</li>
 * <li>each new table moves into place, or, for an append, each new file into the existing table;</li>
 * <li>the new {@code run.json} moves into place last, and the staging folder (with the old tables) is deleted.</li>
 * </ol>
 * A run that fails deletes its staging folder; a killed one leaves it behind, hidden, and the published folder as
 * it was. Renames are atomic on HDFS and local disks; on object stores (s3a) they are copies, so the publish step is
 * not atomic there.
 */
public final class TableCommitter {
    /** The tables a sweep's output may hold. */
    static final List<String> TABLES = List.of(PointsTable.NAME, OperatorsTable.NAME);
    /** What to do when the output already holds a sweep. */
    public enum Mode { CREATE, OVERWRITE, APPEND }

    public static final String MANIFEST = "run.json";
    private static final String STAGING = ".staging-";

    private final FileSystem fs;
    private final Path output;
    private final Path staging;
    private final Mode mode;

    private TableCommitter(FileSystem fs, Path output, Path staging, Mode mode) {
        this.fs = fs;
        this.output = output;
        this.staging = staging;
        this.mode = mode;
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
            Path staging = new Path(output.getParent(), "." + output.getName() + STAGING + runId);
            return new TableCommitter(fs, output, staging, mode);
        } catch (IOException e) {
            throw new UserException("--output " + uri + ": cannot reach its file system: " + firstLine(e));
        }
    }

    /** The output folder, fully qualified (e.g. {@code file:/home/me/output/small}). */
    public Path output() {
        return output;
    }

    public Mode mode() {
        return mode;
    }

    /** Where a run writes table {@code name} before it is published. */
    public Path stagingTable(String name) {
        return new Path(staging, name);
    }

    /** Where the task attempts of a table write before their files are committed into {@link #stagingTable}. */
    public Path stagingAttempts(String name) {
        return new Path(new Path(staging, "_attempts"), name);
    }

    /**
     * Checks, before any work, that this run may write to the output: a folder holding a sweep needs
     * {@link Mode#OVERWRITE} or {@link Mode#APPEND}, and an append must be of the same config, the same roofsweep
     * version and new point ids. Returns the published manifest, if any.
     */
    public Optional<RunManifest> check(String configHash, String version, PointRange range) {
        try {
            if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
                throw new UserException("--output " + output + " is a file, not a folder");
            }
            Optional<RunManifest> existing;
            String unreadable = null;
            try {
                existing = manifest();
            } catch (ChecksumException | UserException e) {
                // a hand-edited run.json (its .crc now stale) or a cut one: --overwrite replaces it, nothing else runs
                existing = Optional.empty();
                unreadable = e instanceof ChecksumException ? "run.json does not match its checksum file "
                        + ".run.json.crc (edited by hand?)" : e.getMessage();
            }
            boolean holdsTables = existing.isPresent() || unreadable != null
                    || fs.exists(new Path(output, PointsTable.NAME));
            if (!holdsTables) {
                return existing;
            }
            String noManifest = unreadable != null ? "a sweep whose " + MANIFEST + " cannot be read (" + unreadable
                    + ")" : "a points table without run.json";
            String what = existing.map(m -> "a sweep (" + m.sweep() + ", " + m.rowsWritten() + " rows, run.json of "
                    + m.runs().get(m.runs().size() - 1).finishedAt() + ")").orElse(noManifest);
            switch (mode) {
                case CREATE -> throw new UserException(output + " already holds " + what
                        + "; pass --overwrite to replace it or --append to add points to it");
                case OVERWRITE -> {
                    return existing;
                }
                case APPEND -> {
                    RunManifest m = existing.orElseThrow(() -> new UserException("cannot --append to " + output
                            + ": it holds " + what + ", so its config is unknown; use --overwrite"));
                    if (!m.configHash().equals(configHash)) {
                        throw new UserException("cannot --append to " + output + ": its rows come from a different "
                                + "config (config_hash " + m.configHash() + ", this run " + configHash
                                + "); use --overwrite or another --output");
                    }
                    if (!m.roofsweepVersion().equals(version)) {
                        throw new UserException("cannot --append to " + output + ": its rows come from roofsweep "
                                + m.roofsweepVersion() + ", this is " + version + "; use --overwrite");
                    }
                    for (PointRange r : m.pointRanges()) {
                        if (r.overlaps(range)) {
                            throw new UserException("cannot --append points " + range + " to " + output
                                    + ": it already holds points " + r + " (choose another --range)");
                        }
                    }
                    return existing;
                }
                default -> throw new IllegalStateException(mode.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Staging folders that interrupted runs left beside the output. */
    public List<Path> leftovers() {
        try {
            FileStatus[] siblings = fs.globStatus(new Path(output.getParent(), "." + output.getName() + STAGING + "*"));
            List<Path> out = new ArrayList<>();
            if (siblings != null) {
                for (FileStatus s : siblings) {
                    if (!s.getPath().getName().equals(staging.getName())) {
                        out.add(s.getPath());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The published manifest, if the output has one. */
    public Optional<RunManifest> manifest() throws IOException {
        Path f = new Path(output, MANIFEST);
        try (InputStream in = fs.open(f)) {
            return Optional.of(RunManifest.fromJson(in.readAllBytes(), f.toString()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Publishes the staged {@code tables} and {@code manifest} (for an append: the merged manifest of the old and
     * new rows) as described in the class comment.
     */
    public void publish(List<String> tables, RunManifest manifest) throws IOException {
        Path previous = new Path(staging, "_previous");
        write(new Path(staging, MANIFEST), manifest.toJson());
        fs.mkdirs(output);
        fs.mkdirs(previous);
        moveIfExists(new Path(output, MANIFEST), new Path(previous, MANIFEST));
        for (String t : tables) {
            Path published = new Path(output, t);
            if (mode == Mode.APPEND && fs.exists(published)) {
                moveFilesInto(stagingTable(t), published);
            } else {
                moveIfExists(published, new Path(previous, t));
                rename(stagingTable(t), published);
            }
        }
        if (mode != Mode.APPEND) {
            for (String t : TABLES) {
                if (!tables.contains(t)) {
                    moveIfExists(new Path(output, t), new Path(previous, t));
                }
            }
        }
        rename(new Path(staging, MANIFEST), new Path(output, MANIFEST));
        fs.delete(staging, true);
    }

    /** Removes the staging folder of a run that failed; the published output is untouched. */
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path f, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(f, true)) {
            out.write(bytes);
        }
    }

    private void moveIfExists(Path from, Path to) throws IOException {
        if (fs.exists(from)) {
            rename(from, to);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    /** Moves every data file of a staged table into the same partition folder of the published one. */
    private void moveFilesInto(Path stagedTable, Path published) throws IOException {
        String root = stagedTable.toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(stagedTable, true);
        List<Path> data = new ArrayList<>();
        while (files.hasNext()) {
            Path f = files.next().getPath();
            if (!f.getName().startsWith("_") && !f.getName().startsWith(".")) {
                data.add(f);
            }
        }
        for (Path f : data) {
            String relative = f.toUri().getPath().substring(root.length() + 1);
            Path target = new Path(published, relative);
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                throw new IOException("append would replace " + target);
            }
            rename(f, target);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
