package org.roofsweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Separate JVMs for tests that need their own Spark driver or daemons: started, awaited and always stopped. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Options that halve the CPU a short-lived JVM spends compiling (the C1 compiler only, one GC thread): test JVMs
     * run for seconds on a 2-core machine.
     */
    static final List<String> LEAN = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The JVM options Spark needs (this JVM's {@code --add-opens} and friends, from surefire's argLine). */
    static List<String> sparkOptions() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
                out.add(a);
            }
        }
        return out;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This test JVM's classpath: the project's classes, test classes and every dependency. */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts {@code command} with stdout and stderr going to {@code log}. */
    static Process start(Path log, List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link Cli} in a JVM of its own, on the test classpath, with extra JVM options. */
    static Process cli(Path log, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g"));
        cmd.addAll(LEAN);
        cmd.addAll(sparkOptions());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", testClasspath(), Cli.class.getName()));
        cmd.addAll(List.of(args));
        return start(log, cmd);
    }

    /** Waits until {@code condition} holds; fails (with the log) if it does not within {@code limit}. */
    static void await(String what, Duration limit, Path log, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + limit.toSeconds() + " s waiting for " + what + "\n"
                        + read(log));
            }
            sleep(200);
        }
    }

    /** Waits for a process to exit and returns its code; fails (with the log) after {@code limit}. */
    static int exitCode(Process p, Duration limit, Path log) {
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + limit.toSeconds() + " s\n" + read(log));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops a process and whatever it started (a Worker's executors): politely, then by force. */
    static void stop(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills a process at once (SIGKILL: no shutdown hooks), as a lost machine or {@code kill -9} would. */
    static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
