package org.roofsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.CliRun;

/**
 * Outputs and masters a run cannot use are found before Spark starts, {@code --dry-run} included: exit code 2 and
 * one line naming the cause ({@code --verbose} adds the trace), nothing created.
 */
class OutputCheckTest {
    private static final String CONFIG = """
            {"name": "chk", "axes": {"platforms": ["pc_high"], "models": ["llama2_7b"], "systems": ["dense-gpu"],
             "batch_sizes": [1], "prompt_tokens": [128], "generated_tokens": [64]}}
            """;

    @TempDir
    Path tmp;

    /** {@code run --dry-run} of a one-point config with {@code extra}; asserts exit 2 and one error line. */
    private String refused(String... extra) throws IOException {
        Path config = Files.writeString(tmp.resolve("chk.json"), CONFIG);
        List<String> args = new java.util.ArrayList<>(List.of("run", config.toString(), "--dry-run"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.transcript());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.transcript());
        assertTrue(lines.get(0).startsWith("error: --"), lines.get(0));
        return lines.get(0);
    }

    @Test
    void aParentThatIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        assertEquals("error: --output " + file + "/sweep cannot be created: file:" + file + " is a file",
                refused("--output", file + "/sweep"));
        assertEquals("error: --output " + file + " is a file, not a folder", refused("--output", file.toString()));
    }

    @Test
    void aColonInALocalPath() throws IOException {
        String out = tmp.resolve("a:b").toString();
        assertTrue(refused("--output", out).startsWith("error: --output " + out + ": a local path may not contain "
                + "':'"));
        assertFalse(Files.exists(tmp.resolve("a:b")));
    }

    @Test
    void aFolderThatCannotBeWritten() throws IOException {
        // root writes into a read-only folder, so as root take a read-only file system; else a folder without w
        Path folder = tmp.resolve("locked");
        Path target;
        if ("root".equals(System.getProperty("user.name"))) {
            Path sys = Path.of("/sys/roofsweep-out");
            assumeTrue(Files.isDirectory(sys.getParent()) && Files.getFileStore(sys.getParent()).isReadOnly(),
                    "no read-only file system to write to");
            target = sys;
        } else {
            Files.createDirectories(folder);
            assertTrue(folder.toFile().setWritable(false));
            target = folder.resolve("sweep");
        }
        String error = refused("--output", target.toString());
        assertTrue(error.startsWith("error: --output " + target + ": cannot write into file:" + target.getParent()
                + ": "), error);
        assertFalse(Files.exists(target));
    }

    @Test
    void aSpecialFileSystem() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
        String error = refused("--output", "/proc/roofsweep-out");
        assertTrue(error.startsWith("error: --output /proc/roofsweep-out: cannot write into file:/proc: "), error);
    }

    @Test
    void aSchemeWithoutItsConnector() throws IOException {
        assertTrue(refused("--output", "s3a://bucket/sweep").startsWith("error: --output s3a://bucket/sweep: no "
                + "file system for the scheme \"s3a\" on the classpath (s3a:// needs hadoop-aws"));
        assertEquals("error: --output nosuch://host/sweep: no file system for the scheme \"nosuch\" on the classpath",
                refused("--output", "nosuch://host/sweep"));
    }

    @Test
    void anUnreachableNamenode() throws IOException {
        int port = freePort();
        String error = refused("--output", "hdfs://127.0.0.1:" + port + "/sweep");
        assertTrue(error.startsWith("error: --output hdfs://127.0.0.1:" + port + "/sweep: cannot reach its file "
                + "system: "), error);
        assertTrue(error.contains("Connection refused"), error);
    }

    @Test
    void anUnreachableOrMalformedMaster() throws IOException {
        int port = freePort();
        String out = tmp.resolve("out").toString();
        assertEquals("error: --master spark://127.0.0.1:" + port + ": cannot connect to 127.0.0.1:" + port
                + " within 3000 ms: Connection refused; is the master running?",
                refused("--output", out, "--master", "spark://127.0.0.1:" + port));
        assertEquals("error: --master sprak://h:7077: expected local, local[N], local[*], spark://HOST:PORT, yarn "
                + "or k8s://https://HOST:PORT", refused("--output", out, "--master", "sprak://h:7077"));
        assertEquals("error: --master yarn: set HADOOP_CONF_DIR or YARN_CONF_DIR to the cluster's configuration "
                + "folder", assertThrowsUser(() -> MasterCheck.check("yarn", Map.of())));
        MasterCheck.check("local[4]", Map.of());
        MasterCheck.check("local-cluster[2,1,1024]", Map.of());
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void verboseAddsTheTrace() throws IOException {
        Path config = Files.writeString(tmp.resolve("chk.json"), CONFIG);
        CliRun r = CliRun.of("run", config.toString(), "--dry-run", "--verbose", "--output", "s3a://bucket/sweep");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().lines().count() > 3, r.transcript());
        assertTrue(r.err().contains("ClassNotFoundException"), r.transcript());
    }

    @Test
    void aGoodOutputPassesAndTheDryRunSaysWhatItWouldDo() throws IOException {
        Path config = Files.writeString(tmp.resolve("chk.json"), CONFIG);
        CliRun r = CliRun.of("run", config.toString(), "--dry-run", "--output", tmp.resolve("new/sweep").toString(),
                "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("would create"), r.out());
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("chk.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String assertThrowsUser(org.junit.jupiter.api.function.Executable e) {
        return "error: " + org.junit.jupiter.api.Assertions.assertThrows(UserException.class, e).getMessage();
    }

    /** A port nothing listens on (bound, then freed). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
