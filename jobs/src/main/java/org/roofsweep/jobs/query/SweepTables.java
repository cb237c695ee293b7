package org.roofsweep.jobs.query;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.roofsweep.jobs.cli.UserException;

/**
 * The tables of the sweep folders given to {@code query} or {@code report}, listed through Hadoop's
 * {@link FileSystem}: a folder is a path or any URI {@code run} writes to ({@code file:}, {@code hdfs://},
 * {@code s3a://}, ...). A table is a sub-folder holding Parquet files ({@code points/}, {@code operators/}); files and
 * folders whose names start with '_' or '.' are skipped, as Spark skips them. A sweep's name is its folder's name
 * with every character but letters, digits and '_' turned into '_'.
 *
 * @param sweeps by sweep name, in the order given
 */
public record SweepTables(Map<String, Sweep> sweeps) {
    /** One sweep folder (fully qualified) and its tables by name. */
    public record Sweep(String uri, Map<String, Table> tables) {
    }

    /** One table folder (fully qualified) and its Parquet files, sorted. */
    public record Table(String uri, List<String> files) {
    }

    public SweepTables {
        sweeps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sweeps));
    }

    /**
     * Lists the tables of each folder: throws {@link UserException} for no folder, a missing or empty one, or two with
     * the same name.
     */
    public static SweepTables list(List<String> folders, Configuration conf) {
        return list(folders, () -> conf);
    }

    /**
     * The same, with Hadoop's configuration made only for a folder not on the local file system: local folders (a
     * path, or a {@code file:} URI) are listed by {@link LocalTables}, as Hadoop's local file system would list them,
     * without starting Hadoop.
     */
    public static SweepTables list(List<String> folders, Supplier<Configuration> conf) {
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
            out.put(sweep, LocalTables.isLocal(folder) ? LocalTables.sweep(folder) : sweep(folder, conf.get()));
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

    /** The {@code run.json} beside the tables of {@code sweep}, if the folder has one. */
    public static Optional<byte[]> runJson(Sweep sweep, Supplier<Configuration> conf) {
        if (LocalTables.isLocal(sweep.uri())) {
            return LocalTables.runJson(sweep);
        }
        Path run = new Path(sweep.uri(), "run.json");
        try (InputStream in = run.getFileSystem(conf.get()).open(run)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** One folder listed through Hadoop's file system of its URI. */
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
            Map<String, Table> tables = new LinkedHashMap<>();
            FileStatus[] children = fs.listStatus(dir);
            Arrays.sort(children, Comparator.comparing(c -> c.getPath().getName()));
            for (FileStatus child : children) {
                if (child.isDirectory() && visible(child.getPath())) {
                    List<String> files = parquetFiles(fs, child.getPath());
                    if (!files.isEmpty()) {
                        tables.put(identifier(child.getPath().getName()),
                                new Table(child.getPath().toString(), files));
                    }
                }
            }
            return sweep(folder, st.getPath().toString(), tables);
        } catch (IOException e) {
            throw new UserException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    static UserException noFolder(String folder, boolean isFile) {
        return new UserException("no sweep folder " + folder + (isFile ? " (it is a file)" : ""));
    }

    /** The sweep at {@code uri} with {@code tables}, or the error of a folder without any. */
    static Sweep sweep(String folder, String uri, Map<String, Table> tables) {
        if (tables.isEmpty()) {
            throw new UserException(folder + " holds no tables (expected Parquet folders such as points/; "
                    + "has the sweep run?)");
        }
        return new Sweep(uri, tables);
    }

    private static List<String> parquetFiles(FileSystem fs, Path table) throws IOException {
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(table, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            if (p.getName().endsWith(".parquet") && visibleBelow(p, table)) {
                files.add(p.toString());
            }
        }
        files.sort(null);
        return files;
    }

    /** No part of {@code p} below {@code root} is hidden. */
    private static boolean visibleBelow(Path p, Path root) {
        int depth = root.depth();
        for (Path q = p; q != null && q.depth() > depth; q = q.getParent()) {
            if (!visible(q)) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Path p) {
        return visible(p.getName());
    }

    /** Spark skips files and folders whose names start with '_' or '.'. */
    static boolean visible(String name) {
        return !name.startsWith("_") && !name.startsWith(".");
    }
}
