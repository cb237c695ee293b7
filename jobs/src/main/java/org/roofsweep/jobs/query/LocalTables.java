package org.roofsweep.jobs.query;

import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Local sweep folders (a path, or a {@code file:} URI) and the Hadoop configuration their Iceberg metadata is read
 * with: one that loads no resource files ({@code core-default.xml}, {@code core-site.xml}, ...), since the local file
 * system needs none of their settings, and the full configuration's start-up cost the embedded engine several times
 * the query itself (BENCHMARKS.md, issue 17). The files a query reads are those of the committed snapshot, so the
 * folders are not listed at all.
 */
final class LocalTables {
    /** A URI scheme ({@code file:}, {@code hdfs:}, {@code s3a:}); Windows drive letters are not at issue here. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private LocalTables() {
    }

    /** Whether {@code folder} is on the local file system: a plain path, or a {@code file:} URI. */
    static boolean isLocal(String folder) {
        return !SCHEME.matcher(folder).find() || folder.startsWith("file:");
    }

    /** A configuration without resource files, enough for Hadoop's local file system. */
    static Configuration conf() {
        return new Configuration(false);
    }
}
