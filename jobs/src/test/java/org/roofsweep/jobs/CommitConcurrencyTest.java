package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;
import org.roofsweep.jobs.write.TableCommitter.Mode;
import org.roofsweep.jobs.write.TableCommitter.Step;

/**
 * Several runs into one output at once. Each run waits, just before its points commit, until every run has got there,
 * so all of them start their commit from the same snapshot and all but one must find that another committed first.
 * Afterwards the table is exactly one committed state with no point id twice, and each loser says why.
 */
class CommitConcurrencyTest {
    @TempDir
    static Path tmp;
    static String tiny;
    static String other;

    @BeforeAll
    static void configs() {
        tiny = TestConfigs.write(tmp, "tiny", TestConfigs.TINY);
        other = TestConfigs.write(tmp, "other", TestConfigs.TINY.replace("\"generated_tokens\": [64]",
                "\"generated_tokens\": [128]"));
    }

    /** A run to start at once with others: its mode, config and range. */
    record Run(Mode mode, String config, String range) {
    }

    /** What one run ended with: its manifest, or the message of its clean refusal. */
    record Outcome(Run run, RunManifest committed, String refused) {
    }

    /** Starts every run at once; each holds before its first points commit until all are there. */
    static List<Outcome> together(Path out, List<Run> runs) throws Exception {
        CountDownLatch atTheCommit = new CountDownLatch(runs.size());
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Run r : runs) {
                AtomicBoolean first = new AtomicBoolean(true);
                futures.add(pool.submit(() -> {
                    try {
                        return new Outcome(r, Commits.run(out, r.config(), r.mode(), r.range(), step -> {
                            if (step == Step.OPERATORS_STAGED && first.getAndSet(false)) {
                                atTheCommit.countDown();
                                await(atTheCommit);
                            }
                        }), null);
                    } catch (UserException e) {
                        atTheCommit.countDown(); // refused before the commit: the others need not wait for it
                        return new Outcome(r, null, e.getMessage());
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(5, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(3, TimeUnit.MINUTES), "every run reached its commit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void disjointAppendsAllCommitOneAfterAnother() throws Exception {
        Path out = tmp.resolve("appends");
        Commits.run(out, tiny, Mode.CREATE, ":60", step -> { });
        List<Outcome> outcomes = together(out, List.of(new Run(Mode.APPEND, tiny, "60:120"),
                new Run(Mode.APPEND, tiny, "120:180"), new Run(Mode.APPEND, tiny, "180:")));
        assertTrue(outcomes.stream().allMatch(o -> o.refused() == null), outcomes.toString());
        RunManifest m = Commits.consistentState(out);
        assertEquals(List.of(new PointRange(0, 240)), m.pointRanges());
        assertEquals(240, m.rowsWritten());
        assertEquals(4, m.runs().size());
        RunManifest whole = Commits.run(tmp.resolve("whole"), tiny, Mode.CREATE, ":", step -> { });
        assertEquals(whole.checksum(), m.checksum(), "the rows of one run of the whole grid");
        assertEquals(java.util.Set.of(), Commits.unreferenced(out));
    }

    @Test
    void ofTwoNewSweepsOfDifferentConfigsOneWinsAndTheOtherChangesNothing() throws Exception {
        Path out = tmp.resolve("creates");
        List<Outcome> outcomes = together(out, List.of(new Run(Mode.CREATE, tiny, ":"),
                new Run(Mode.CREATE, other, ":")));
        List<Outcome> won = outcomes.stream().filter(o -> o.refused() == null).toList();
        List<Outcome> lost = outcomes.stream().filter(o -> o.refused() != null).toList();
        assertEquals(1, won.size(), outcomes.toString());
        assertEquals(1, lost.size(), outcomes.toString());
        assertTrue(lost.get(0).refused().startsWith("another run committed a sweep (tiny, 240 rows"),
                lost.get(0).refused());
        assertTrue(lost.get(0).refused().contains("this run published nothing; pass --overwrite"),
                lost.get(0).refused());
        assertEquals(won.get(0).committed(), Commits.consistentState(out), "exactly the winner's state");
        assertEquals(java.util.Set.of(), Commits.unreferenced(out), "the loser's files are gone");
        assertEquals(java.util.Set.of(), Commits.staging(out));
    }

    @Test
    void anOverwriteAgainstAnAppendLeavesOneOfTheirStates() throws Exception {
        Path out = tmp.resolve("overwrite-vs-append");
        RunManifest first = Commits.run(out, tiny, Mode.CREATE, ":120", step -> { });
        List<Outcome> outcomes = together(out, List.of(new Run(Mode.OVERWRITE, other, ":"),
                new Run(Mode.APPEND, tiny, "120:")));
        List<Outcome> won = outcomes.stream().filter(o -> o.refused() == null).toList();
        assertEquals(1, won.size(), outcomes.toString());
        Outcome loser = outcomes.stream().filter(o -> o.refused() != null).findFirst().orElseThrow();
        RunManifest now = Commits.consistentState(out);
        assertEquals(won.get(0).committed(), now, "exactly the winner's state");
        if (won.get(0).run().mode() == Mode.OVERWRITE) {
            // the append tried again onto the overwrite's snapshot, which holds another config's rows
            assertTrue(loser.refused().contains("its rows come from a different config"), loser.refused());
            assertEquals(240, now.rowsWritten());
        } else {
            assertTrue(loser.refused().startsWith("another run committed a sweep (tiny, 240 rows"), loser.refused());
            assertTrue(loser.refused().endsWith("run again to replace that state"), loser.refused());
            assertEquals(List.of(new PointRange(0, 240)), now.pointRanges());
            assertEquals(first.configHash(), now.configHash());
        }
        assertEquals(java.util.Set.of(), Commits.unreferenced(out));
    }
}
