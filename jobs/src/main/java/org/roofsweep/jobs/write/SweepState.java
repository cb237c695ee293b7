package org.roofsweep.jobs.write;

import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.cli.UserException;

/**
 * Whether a run may commit onto an output's committed state, and what a run that lost the race to another is told.
 * The same rules hold when a run starts and, for an append that another run beat to the commit, again against the
 * snapshot that won.
 */
final class SweepState {
    private SweepState() {
    }

    /**
     * Throws {@link UserException} unless a run in {@code mode} may commit onto {@code existing} (the manifest of the
     * current points snapshot, empty for an output without one): a sweep needs {@code OVERWRITE} or {@code APPEND},
     * and an append the same config, the same roofsweep version and point ids the table does not hold yet.
     */
    static void admit(TableCommitter.Mode mode, Path output, Optional<RunManifest> existing, String configHash,
            String version, PointRange range) {
        if (existing.isEmpty()) {
            return;
        }
        RunManifest m = existing.get();
        switch (mode) {
            case CREATE -> throw new UserException(output + " already holds " + describe(m)
                    + "; pass --overwrite to replace it or --append to add points to it");
            case OVERWRITE -> {
            }
            case APPEND -> {
                if (!m.configHash().equals(configHash)) {
                    throw new UserException("cannot --append to " + output + ": its rows come from a different "
                            + "config (config_hash " + m.configHash() + ", this run " + configHash
                            + "); use --overwrite or another --output");
                }
                if (!m.roofsweepVersion().equals(version)) {
                    throw new UserException("cannot --append to " + output + ": its rows come from roofsweep "
                            + m.roofsweepVersion() + ", this is " + version + "; use --overwrite");
                }
                for (PointRange r : m.pointRanges()) {
                    if (r.overlaps(range)) {
                        throw new UserException("cannot --append points " + range + " to " + output
                                + ": it already holds points " + r + " (choose another --range)");
                    }
                }
            }
            default -> throw new IllegalStateException(mode.name());
        }
    }

    /** The one-line error of a run whose commit another run's beat; {@code winner}: the state now committed. */
    static String lost(TableCommitter.Mode mode, Path output, Optional<RunManifest> winner) {
        String what = winner.map(m -> "committed " + describe(m)).orElse("changed the tables");
        String hint = switch (mode) {
            case CREATE -> "; pass --overwrite to replace it or --append to add points to it";
            case OVERWRITE -> "; run again to replace that state";
            case APPEND -> "; run again to append onto that state";
        };
        return "another run " + what + " to " + output + " while this one ran: this run published nothing" + hint;
    }

    /** A sweep state in a few words: name, rows, last run and when it finished. */
    static String describe(RunManifest m) {
        RunManifest.Run last = m.runs().get(m.runs().size() - 1);
        return "a sweep (" + m.sweep() + ", " + m.rowsWritten() + " rows, run " + last.runId() + " of "
                + last.finishedAt() + ")";
    }
}
