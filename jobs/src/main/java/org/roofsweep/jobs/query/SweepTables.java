package org.roofsweep.jobs.query;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.write.IcebergTables;

/**
 * The tables of the sweep folders given to {@code query} or {@code report}: a folder is a path or any URI {@code run}
 * writes to ({@code file:}, {@code hdfs://}, {@code s3a://}, ...), and its tables {@code points/} and
 * {@code operators/} are Iceberg tables, read at their committed snapshots through iceberg-core (no engine reads a
 * folder listing: files of a run in progress, of a killed one or of an older snapshot are never seen). A sweep's
 * name is its folder's name with every character but letters, digits and '_' turned into '_'.
 *
 * @param sweeps by sweep name, in the order given
 */
public record SweepTables(Map<String, Sweep> sweeps) {
    /** One sweep folder (fully qualified), its tables by name and the run manifest of their snapshot. */
    public record Sweep(String uri, Map<String, Table> tables, String runJson) {
    }

    /**
     * One table at its committed snapshot: its data folder (fully qualified; partition folders start below it) and
     * the snapshot's Parquet files, sorted.
     */
    public record Table(String uri, List<String> files) {
    }

    public SweepTables {
        sweeps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sweeps));
    }

    /**
     * Lists the tables of each folder: throws {@link UserException} for no folder, a missing or empty one, or two with
     * the same name. Every folder is read with {@code conf}.
     */
    public static SweepTables list(List<String> folders, Configuration conf) {
        return read(folders, folder -> conf);
    }

    /**
     * The same, with Hadoop's full configuration made only for a folder not on the local file system: the Iceberg
     * metadata of local folders (a path, or a {@code file:} URI) is read with {@link LocalTables#conf}, a
     * configuration that loads no resource files.
     */
    public static SweepTables list(List<String> folders, Supplier<Configuration> conf) {
        return read(folders, folder -> LocalTables.isLocal(folder) ? LocalTables.conf() : conf.get());
    }

    private static SweepTables read(List<String> folders, Function<String, Configuration> conf) {
        if (folders.isEmpty()) {
            throw new UserException("no sweep folder given (e.g. output/small)");
        }
        Map<String, Sweep> out = new LinkedHashMap<>();
        for (String folder : folders) {
            String sweep = sweepName(folder);
            if (out.containsKey(sweep)) {
                throw new UserException("two sweep folders are both named " + sweep + " (" + folder
                        + "); give folders with distinct names");
            }
            out.put(sweep, sweep(folder, conf.apply(folder)));
        }
        return new SweepTables(out);
    }

    /** Whether every folder is on the local file system (the embedded engine reads those). */
    public boolean local() {
        return sweeps.values().stream().allMatch(s -> "file".equals(URI.create(s.uri()).getScheme()));
    }

    /** The local path of a qualified {@code file:} URI. */
    static String localPath(String uri) {
        return java.nio.file.Path.of(URI.create(uri)).toString();
    }

    /** The run manifest (its JSON) of the snapshot that {@code sweep} was read at. */
    public static Optional<byte[]> runJson(Sweep sweep) {
        return Optional.of(sweep.runJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The view-name prefix of a sweep folder. */
    public static String sweepName(String folder) {
        String name = new Path(folder.replaceAll("/+$", "")).getName();
        if (name.isEmpty() || name.equals(".")) {
            name = java.nio.file.Path.of(folder).toAbsolutePath().normalize().getFileName().toString();
        }
        return identifier(name);
    }

    /** Letters, digits and '_' only, not starting with a digit. */
    static String identifier(String s) {
        String id = s.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "s_" + id : id;
    }

    /**
     * The committed state of one sweep folder: its points table's current Iceberg snapshot, and the operators
     * table at the snapshot that one names. A folder without a committed points snapshot, or whose snapshot roofsweep
     * did not commit, is refused: half-published or foreign data is never served.
     */
    static Sweep sweep(String folder, Configuration conf) {
        try {
            Path dir = new Path(folder);
            FileSystem fs = dir.getFileSystem(conf);
            FileStatus st;
            try {
                st = fs.getFileStatus(dir);
            } catch (FileNotFoundException e) {
                throw noFolder(folder, false);
            }
            if (!st.isDirectory()) {
                throw noFolder(folder, true);
            }
            Path points = new Path(st.getPath(), PointsTable.NAME);
            if (!IcebergTables.exists(points.toString(), conf)) {
                throw new UserException(fs.exists(points)
                        ? folder + "/points is not an Iceberg table, so no run committed it (a folder of another "
                                + "tool, or of an earlier roofsweep); run the sweep again into a new folder"
                        : folder + " holds no committed sweep (no Iceberg table points/; has the sweep run?)");
            }
            org.apache.iceberg.Table p = IcebergTables.load(points.toString(), conf);
            Snapshot s = p.currentSnapshot();
            if (s == null || s.summary().get(IcebergTables.RUN) == null) {
                throw new UserException(folder + "/points has no snapshot committed by a roofsweep run"
                        + (s == null ? " yet" : " (its current one comes from another tool)"));
            }
            Map<String, Table> tables = new LinkedHashMap<>();
            tables.put(PointsTable.NAME, new Table(IcebergTables.dataFolder(p), IcebergTables.files(p,
                    Optional.of(s))));
            String operators = s.summary().get(IcebergTables.OPERATORS_SNAPSHOT);
            if (operators != null) {
                org.apache.iceberg.Table o = IcebergTables.load(new Path(st.getPath(), OperatorsTable.NAME)
                        .toString(), conf);
                Snapshot named = o.snapshot(Long.parseLong(operators));
                if (named == null) {
                    throw new UserException(folder + "/operators lacks snapshot " + operators
                            + ", which the points snapshot " + s.snapshotId() + " names");
                }
                tables.put(OperatorsTable.NAME, new Table(IcebergTables.dataFolder(o), IcebergTables.files(o,
                        Optional.of(named))));
            }
            return new Sweep(st.getPath().toString(), tables, s.summary().get(IcebergTables.RUN));
        } catch (IOException e) {
            throw new UserException("cannot list " + folder + ": " + e.getMessage());
        } catch (org.apache.iceberg.exceptions.RuntimeIOException | org.apache.iceberg.exceptions.NotFoundException e) {
            throw new UserException("cannot read the Iceberg tables of " + folder + ": " + e.getMessage());
        }
    }

    static UserException noFolder(String folder, boolean isFile) {
        return new UserException("no sweep folder " + folder + (isFile ? " (it is a file)" : ""));
    }
}
