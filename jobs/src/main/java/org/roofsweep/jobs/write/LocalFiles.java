package org.roofsweep.jobs.write;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files and folders of the local file system made and moved with java.nio rather than through Hadoop's
 * {@code LocalFileSystem}: without Hadoop's native library (this project's own Spark home has none) that sets the
 * permission of each new file and folder by running {@code chmod} in a child process, some 700 processes for one
 * 5 M-point sweep, each a wait of the thread that writes (BENCHMARKS.md, issue 20, sixth session); java.nio makes
 * them with the process's umask, the same permissions. Any other file system goes through Hadoop.
 */
final class LocalFiles {
    private LocalFiles() {
    }

    /** Whether {@code fs} is the local file system ({@code file:}). */
    static boolean local(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    /** The local path of {@code path} on the local file system {@code fs}. */
    static java.nio.file.Path of(FileSystem fs, Path path) {
        return java.nio.file.Path.of(fs.makeQualified(path).toUri());
    }

    /** Makes {@code folder} and its parents. */
    static void mkdirs(FileSystem fs, Path folder) throws IOException {
        if (local(fs)) {
            Files.createDirectories(of(fs, folder));
        } else if (!fs.mkdirs(folder)) {
            throw new IOException("cannot create " + folder);
        }
    }

    /** Moves the file {@code from} to {@code to}, whose folder exists. */
    static void move(FileSystem fs, Path from, Path to) throws IOException {
        if (local(fs)) {
            Files.move(of(fs, from), of(fs, to));
        } else if (!fs.rename(from, to)) {
            throw new IOException("cannot move " + from + " to " + to);
        }
    }
}
