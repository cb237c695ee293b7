package org.roofsweep.jobs.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before Spark starts (in {@code --dry-run} too), that a run can write its output: the text is a path or URI,
 * a file system for its scheme is on the classpath, that file system answers within seconds, nothing on the way is
 * a file, and a probe file can be created and deleted where the run will stage its tables (the output's parent).
 * Each failure is a {@link UserException} of one line naming the cause; its cause keeps the trace for
 * {@code --verbose}.
 */
public final class OutputCheck {
    /** The least free space a local output needs: a small sweep's tables and its staging. */
    static final long MIN_FREE_BYTES = 64L << 20;
    /** A URI scheme as Hadoop reads one ({@code hdfs:}, {@code s3a:}, {@code file:}). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
    /** How long a remote file system may take to answer, in milliseconds (Hadoop's IPC connect timeout). */
    private static final String CONNECT_TIMEOUT_MS = "3000";

    private OutputCheck() {
    }

    /** Throws a {@link UserException} when a run could not write {@code uri} with {@code conf}. */
    public static void check(String uri, Configuration conf) {
        if (!SCHEME.matcher(uri).matches() && uri.contains(":")) {
            throw new UserException("--output " + uri + ": a local path may not contain ':' (Hadoop reads the part "
                    + "before it as a URI scheme); rename the folder or write file:///absolute/path");
        }
        Path path;
        try {
            path = new Path(uri);
        } catch (IllegalArgumentException e) {
            throw new UserException("--output " + uri + " is not a path or URI: " + e.getMessage(), e);
        }
        URI u = path.toUri();
        String scheme = u.getScheme() != null ? u.getScheme() : FileSystem.getDefaultUri(conf).getScheme();
        connector(uri, scheme, conf);
        Configuration quick = new Configuration(conf);
        quick.set("ipc.client.connect.max.retries", "0");
        quick.set("ipc.client.connect.max.retries.on.timeouts", "0");
        quick.set("ipc.client.connect.timeout", CONNECT_TIMEOUT_MS);
        quick.set("dfs.client.failover.max.attempts", "0");
        try (FileSystem fs = FileSystem.newInstance(path.toUri(), quick)) {
            Path output = fs.makeQualified(path);
            FileStatus existing = status(fs, output);
            if (existing != null && !existing.isDirectory()) {
                throw new UserException("--output " + uri + " is a file, not a folder");
            }
            Path parent = output.getParent();
            if (parent == null) {
                throw new UserException("--output " + uri + " is the root of a file system; give a folder below it");
            }
            probe(fs, nearestFolder(fs, parent, uri), uri);
        } catch (IOException e) {
            throw new UserException("--output " + uri + ": cannot reach its file system: " + firstLine(e), e);
        }
    }

    /** A file system class for {@code scheme} is on the classpath, or a message says which connector to add. */
    private static void connector(String uri, String scheme, Configuration conf) {
        try {
            FileSystem.getFileSystemClass(scheme, conf);
        } catch (IOException | RuntimeException e) {
            String hint = scheme.toLowerCase(Locale.ROOT).startsWith("s3") ? " (s3a:// needs hadoop-aws and the AWS "
                    + "SDK on the classpath, e.g. spark-submit --packages org.apache.hadoop:hadoop-aws:VERSION)"
                    : scheme.equalsIgnoreCase("gs") ? " (gs:// needs the GCS connector on the classpath)"
                    : scheme.toLowerCase(Locale.ROOT).startsWith("abfs") ? " (abfs:// needs hadoop-azure on the "
                    + "classpath)" : "";
            throw new UserException("--output " + uri + ": no file system for the scheme \"" + scheme + "\" on the "
                    + "classpath" + hint, e);
        }
    }

    /** The status of {@code p}, or null when it does not exist; an I/O failure means the file system is away. */
    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /** The nearest existing folder at or above {@code p}; a file on the way is an error. */
    private static Path nearestFolder(FileSystem fs, Path p, String uri) throws IOException {
        for (Path at = p; at != null; at = at.getParent()) {
            FileStatus s = status(fs, at);
            if (s != null && !s.isDirectory()) {
                throw new UserException("--output " + uri + " cannot be created: " + at + " is a file");
            }
            if (s != null) {
                return at;
            }
        }
        throw new UserException("--output " + uri + ": no folder of it exists, not even the root");
    }

    /** Creates and deletes a small file in {@code folder}, where the run's staging folder will go. */
    private static void probe(FileSystem fs, Path folder, String uri) {
        Path probe = new Path(folder, ".roofsweep-probe-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(probe, false)) {
                out.write(new byte[] {1});
            }
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new UserException("--output " + uri + ": cannot write into " + folder + ": " + firstLine(e), e);
        }
        if (fs.getUri().getScheme().equals("file")) {
            try {
                FileStore store = Files.getFileStore(java.nio.file.Path.of(folder.toUri()));
                if (store.getUsableSpace() < MIN_FREE_BYTES) {
                    throw new UserException(String.format(Locale.ROOT, "--output %s: only %,d bytes free on %s "
                            + "(%s); a run needs at least %,d", uri, store.getUsableSpace(), folder, store.name(),
                            MIN_FREE_BYTES));
                }
            } catch (IOException e) {
                throw new UserException("--output " + uri + ": cannot read the free space of " + folder + ": "
                        + firstLine(e), e);
            }
        }
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
