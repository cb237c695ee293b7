package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.write.RunManifest;
import org.roofsweep.jobs.write.TableCommitter;
import org.roofsweep.jobs.write.TableCommitter.Mode;
import org.roofsweep.jobs.write.TableCommitter.Step;

/**
 * A driver killed after each step of the commit: a reader then sees the state before the run or the state after it,
 * whole, never a mix, and the next run removes what the killed one left. The kill is an {@link Error} thrown by the
 * committer's hook, which no cleanup code catches, as no cleanup code runs when a process dies.
 */
class CommitKillTest {
    @TempDir
    static Path tmp;
    static String tiny;

    /** Stops the driver where it stands. */
    static final class Killed extends Error {
        Killed(Step step) {
            super("killed after " + step);
        }
    }

    @BeforeAll
    static void config() {
        tiny = TestConfigs.write(tmp, "tiny", TestConfigs.TINY);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aReaderSeesThePreviousStateOrTheNewOneNeverAMix(Step killedAfter) {
        Path out = tmp.resolve("kill-" + killedAfter.name().toLowerCase(java.util.Locale.ROOT));
        // the previous state: points 0:120 with their operators; the killed run appends 120:240
        RunManifest before = Commits.run(out, tiny, Mode.CREATE, ":120", step -> { });
        assertEquals(before, Commits.consistentState(out));

        assertThrows(Killed.class, () -> Commits.run(out, tiny, Mode.APPEND, "120:", step -> {
            if (step == killedAfter) {
                throw new Killed(step);
            }
        }));

        RunManifest seen = Commits.consistentState(out);
        boolean committed = killedAfter.compareTo(Step.POINTS_COMMITTED) >= 0;
        assertEquals(committed ? List.of(new PointRange(0, 240)) : before.pointRanges(), seen.pointRanges(),
                "killed after " + killedAfter + ": the " + (committed ? "new" : "previous") + " state");
        assertEquals(committed ? 240 : 120, seen.rowsWritten());
        if (!committed) {
            assertEquals(before, seen, "the previous state, exactly");
        }
        boolean stagingLeft = killedAfter != Step.STAGING_REMOVED;
        assertEquals(stagingLeft ? 1 : 0, Commits.staging(out).size(), "the killed run's staging folder");

        // the next run into the output takes the killed run for dead (no heartbeat for 0 s) and removes its leftovers
        List<String> notes = TableCommitter.open(out.toString(), Mode.APPEND, new Configuration(), "next")
                .cleanUp(Duration.ZERO);
        assertEquals(stagingLeft ? 1 : 0, notes.size(), notes.toString());
        assertTrue(notes.stream().allMatch(n -> n.contains("which was killed")), notes.toString());
        assertEquals(Set.of(), Commits.staging(out));
        assertEquals(Set.of(), Commits.unreferenced(out), "no data file of the killed run is left uncommitted");
        assertEquals(seen, Tables.manifest(out), "the cleanup changed no committed state");

        if (killedAfter == Step.OPERATORS_STAGED) { // the range the killed run did not publish can be appended again
            Commits.run(out, tiny, Mode.APPEND, "120:", step -> { });
            assertEquals(240, Commits.consistentState(out).rowsWritten());
        }
    }
}
