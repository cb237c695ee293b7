package org.roofsweep.jobs.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The staging folder of one run, hidden beside the output: {@code <parent>/.<name>.staging-<run id>}. It holds the
 * task attempts' folders while the run writes, and a {@code heartbeat} file ({@code <host> <pid> <instant>}) that the
 * run rewrites every {@link #BEAT}. A staging folder belongs to a run that was killed when its process is gone (seen
 * from the same host) or its heartbeat is older than the staleness limit (a live run's is at most {@link #BEAT} old);
 * the next run into the output then removes it with the data files that run left uncommitted. The folder goes when
 * its run ends, committed or failed.
 */
final class Staging implements AutoCloseable {
    /** How often a running run rewrites its heartbeat. */
    static final Duration BEAT = Duration.ofSeconds(20);
    /** A run whose heartbeat is older than this is taken to be dead: fifteen missed beats. */
    static final Duration STALE = BEAT.multipliedBy(15);
    static final String PREFIX = ".staging-";
    private static final String HEARTBEAT = "heartbeat";
    private static final String HOST = host();

    private final FileSystem fs;
    private final Path folder;
    private ScheduledExecutorService beating;

    Staging(FileSystem fs, Path output, String runId) {
        this.fs = fs;
        this.folder = new Path(output.getParent(), "." + output.getName() + PREFIX + runId);
    }

    Path folder() {
        return folder;
    }

    /** The run of a staging folder named by {@link #Staging}. */
    static String runOf(Path staging) {
        String name = staging.getName();
        return name.substring(name.indexOf(PREFIX) + PREFIX.length());
    }

    /** Creates the folder and starts the heartbeat. */
    void begin() throws IOException {
        if (!fs.mkdirs(folder)) {
            throw new IOException("cannot create " + folder);
        }
        beat();
        beating = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roofsweep heartbeat " + folder.getName());
            t.setDaemon(true);
            return t;
        });
        beating.scheduleAtFixedRate(() -> {
            try {
                beat();
            } catch (IOException e) {
                // the next beat tries again; a run that cannot beat for STALE loses its staging folder
            }
        }, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() throws IOException {
        try (OutputStream out = fs.create(new Path(folder, HEARTBEAT), true)) {
            out.write((HOST + " " + ProcessHandle.current().pid() + " " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether the folder is still there: a run whose staging another run removed must not commit. */
    boolean present() throws IOException {
        return fs.exists(new Path(folder, HEARTBEAT));
    }

    /** Stops the heartbeat and deletes the folder. */
    @Override
    public void close() throws IOException {
        stop();
        fs.delete(folder, true);
    }

    /** Stops the heartbeat only, as a kill would; a beat under way finishes first, so none lands after. */
    void stop() {
        if (beating != null) {
            beating.shutdown();
            try {
                beating.awaitTermination(BEAT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The staging folders of other runs into the same output whose run is dead: its process is gone from this host,
     * or its heartbeat (without one, the folder itself) is older than {@code staleAfter}.
     */
    List<Path> othersStale(Path output, Duration staleAfter) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : others(output)) {
            Path beat = new Path(p, HEARTBEAT);
            FileStatus st = fs.exists(beat) ? fs.getFileStatus(beat) : fs.getFileStatus(p);
            boolean old = System.currentTimeMillis() - st.getModificationTime() >= staleAfter.toMillis();
            if (old || st.isFile() && goneFromThisHost(beat)) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean goneFromThisHost(Path beat) throws IOException {
        String[] words;
        try (InputStream in = fs.open(beat)) {
            words = new String(in.readAllBytes(), StandardCharsets.UTF_8).split(" ");
        }
        if (words.length < 2 || !words[0].equals(HOST) || !words[1].matches("\\d{1,18}")) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(words[1])).map(h -> !h.isAlive()).orElse(true);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(' ', '_');
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** The staging folders of other runs into the same output, live or dead. */
    List<Path> others(Path output) {
        try {
            FileStatus[] siblings = fs.globStatus(new Path(output.getParent(), "." + output.getName() + PREFIX + "*"));
            List<Path> out = new ArrayList<>();
            if (siblings != null) {
                for (FileStatus s : siblings) {
                    if (!s.getPath().getName().equals(folder.getName())) {
                        out.add(s.getPath());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
