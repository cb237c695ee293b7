package org.roofsweep.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.sql.SparkSession;

/**
 * The local file system under the scheme {@code faulty:}, failing or stalling the files that chosen Spark tasks write,
 * as configured in its Hadoop settings. A task's files are recognised by the folder of its attempt, named as Hadoop
 * names task attempts ({@code .../attempt_<run>_m_000003_97/...}: task 3, attempt id 97). Failures and stalls happen
 * when a file is closed, after the task produced its rows. Lets tests inject faults with no test code in the job.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    /** Partitions (comma-separated) whose files fail to close, on the first attempt only unless the next is set. */
    static final String FAIL_PARTITIONS = "faulty.fail.partitions";
    static final String FAIL_EVERY_ATTEMPT = "faulty.fail.every.attempt";
    /**
     * Folder where a file {@code failed-<partition>} records the first injected failure of each partition (task ids,
     * not attempt numbers, name the attempt folders, so this is how a retry knows it is one).
     */
    static final String FAIL_MARKERS = "faulty.fail.markers";
    /** Partitions whose files never finish closing (the task hangs), and a file created when one starts to hang. */
    static final String STALL_PARTITIONS = "faulty.stall.partitions";
    static final String STALL_MARKER = "faulty.stall.marker";
    private static final URI NAME = URI.create("faulty:///");
    private static final Pattern ATTEMPT = Pattern.compile("/attempt_\\w+?_m_(\\d{6})_\\d+/");

    @Override
    public URI getUri() {
        return NAME;
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    /** The Hadoop settings that register the scheme, uncached so each file system reads the current settings. */
    static Map<String, String> registration() {
        return Map.of("fs.faulty.impl", FaultyFileSystem.class.getName(), "fs.faulty.impl.disable.cache", "true");
    }

    /** Settings in force until closed. */
    interface Settings extends AutoCloseable {
        @Override
        void close();
    }

    /** Sets {@code settings} (and the registration) on a session's Hadoop configuration until closed. */
    static Settings inSession(SparkSession spark, Map<String, String> settings) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, String> all = new HashMap<>(registration());
        all.putAll(settings);
        all.forEach(conf::set);
        return () -> all.keySet().forEach(conf::unset);
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
            int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
        return faulty(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        return faulty(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream faulty(org.apache.hadoop.fs.Path f, FSDataOutputStream out) throws IOException {
        Matcher m = ATTEMPT.matcher(f.toUri().getPath());
        if (!m.find()) {
            return out;
        }
        int partition = Integer.parseInt(m.group(1));
        Configuration conf = getConf();
        boolean fail = partitions(conf.get(FAIL_PARTITIONS)).contains(partition)
                && (conf.getBoolean(FAIL_EVERY_ATTEMPT, false) || firstFailure(conf.get(FAIL_MARKERS), partition));
        boolean stall = partitions(conf.get(STALL_PARTITIONS)).contains(partition);
        if (!fail && !stall) {
            return out;
        }
        String stallMarker = conf.get(STALL_MARKER);
        return new FSDataOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                if (stall) {
                    if (stallMarker != null) {
                        Files.createFile(Path.of(stallMarker));
                    }
                    hang();
                }
                throw new IOException("injected failure of partition " + partition + " writing " + f);
            }
        }, null);
    }

    /** True for the first attempt of a partition to ask: it leaves a marker file that later attempts find. */
    private static boolean firstFailure(String markers, int partition) throws IOException {
        if (markers == null) {
            throw new IllegalStateException(FAIL_MARKERS + " must be set to fail first attempts only");
        }
        Files.createDirectories(Path.of(markers));
        try {
            Files.createFile(Path.of(markers, "failed-" + partition));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void hang() throws IOException {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stalled", e);
        }
    }

    private static Set<Integer> partitions(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** The settings as JVM options for a child process ({@code -Dspark.hadoop.KEY=VALUE}). */
    static String[] asSystemProperties(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(registration());
        all.putAll(settings);
        return all.entrySet().stream().map(e -> "-Dspark.hadoop." + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }
}
