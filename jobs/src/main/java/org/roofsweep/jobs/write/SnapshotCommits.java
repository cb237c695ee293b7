package org.roofsweep.jobs.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Types;
import org.roofsweep.jobs.write.TableCommitter.StagedTable;

/**
 * The Iceberg operations of one commit of a sweep's two tables ({@link TableCommitter} orders them). The operators
 * table's new snapshot is made first on a branch of this run, so that its table's current state does not move; the
 * points snapshot, committed next and conditionally, names it ({@link IcebergTables#OPERATORS_SNAPSHOT}); only then
 * does the operators table's {@code main} follow. Readers take the operators at the snapshot the points name, so they
 * see both tables of one commit or both of the one before.
 */
final class SnapshotCommits {
    /** Branch names of a run's operators snapshots start with this and its run tag. */
    static final String BRANCH = "roofsweep-";
    /** How often {@link #follow} tries before it gives up on a table that other runs keep changing. */
    static final int FOLLOW_ATTEMPTS = 20;

    private SnapshotCommits() {
    }

    /**
     * Commits the operators' files as a snapshot on branch {@code branch}: {@code base}'s files plus these for an
     * append onto a snapshot, these alone otherwise. Returns the new snapshot's id.
     */
    static long stageOperators(Table table, StagedTable s, Path dataFolder, Optional<Long> base,
            String branch) {
        if (base.isPresent()) {
            table.manageSnapshots().createBranch(branch, base.get()).commit();
            AppendFiles append = table.newAppend().toBranch(branch);
            addAll(table, s, dataFolder, append::appendFile);
            append.commit();
        } else {
            Transaction txn = table.newTransaction();
            evolve(txn, s);
            OverwriteFiles overwrite = txn.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue())
                    .toBranch(branch);
            addAll(txn.table(), s, dataFolder, overwrite::addFile);
            overwrite.commit();
            txn.commitTransaction();
        }
        table.refresh();
        return table.refs().get(branch).snapshotId();
    }

    /**
     * Commits the points' files as the table's next snapshot, on the condition that no other snapshot was committed
     * after {@code base} (none at all when {@code base} is empty): an append adds them, anything else replaces every
     * file. Throws Iceberg's {@code ValidationException} or {@code CommitFailedException} when another run committed
     * first; then nothing changed.
     */
    static void commitPoints(Table table, StagedTable s, Path dataFolder, boolean append, Optional<Long> base,
            Map<String, String> summary) {
        Transaction txn = table.newTransaction();
        evolve(txn, s);
        OverwriteFiles o = txn.newOverwrite();
        if (!append) {
            o.overwriteByRowFilter(Expressions.alwaysTrue());
        }
        addAll(txn.table(), s, dataFolder, o::addFile);
        base.ifPresent(o::validateFromSnapshot);
        o.conflictDetectionFilter(Expressions.alwaysTrue()).validateNoConflictingData().validateNoConflictingDeletes();
        summary.forEach(o::set);
        o.commit();
        txn.commitTransaction();
    }

    private static void addAll(Table table, StagedTable s, Path dataFolder, Consumer<DataFile> add) {
        for (TaskFiles t : s.files()) {
            for (TaskFiles.File f : t.files()) {
                add.accept(IcebergTables.dataFile(table, dataFolder.toString(), f));
            }
        }
    }

    /**
     * Makes the table's schema and partitioning those of {@code s} within {@code txn} (a run of another roofsweep
     * version or another {@code partition_by} may replace a table): columns are added, then partitions changed,
     * then columns that are gone dropped; the name mapping follows.
     */
    private static void evolve(Transaction txn, StagedTable s) {
        Table t = txn.table();
        Schema wanted = IcebergTables.schema(s.schema());
        List<String> have = t.schema().columns().stream().map(Types.NestedField::name).toList();
        List<String> want = wanted.columns().stream().map(Types.NestedField::name).toList();
        List<String> partitions = IcebergTables.partitionColumns(t);
        if (have.equals(want) && partitions.equals(s.partitionBy())
                && t.schema().asStruct().equals(wanted.asStruct())) {
            return;
        }
        UpdateSchema add = txn.updateSchema().unionByNameWith(wanted);
        add.commit();
        UpdatePartitionSpec spec = txn.updateSpec();
        partitions.stream().filter(p -> !s.partitionBy().contains(p)).forEach(spec::removeField);
        s.partitionBy().stream().filter(p -> !partitions.contains(p)).forEach(spec::addField);
        spec.commit();
        List<String> gone = have.stream().filter(c -> !want.contains(c)).toList();
        if (!gone.isEmpty()) {
            UpdateSchema drop = txn.updateSchema();
            gone.forEach(drop::deleteColumn);
            drop.commit();
        }
        txn.updateProperties().set(TableProperties.DEFAULT_NAME_MAPPING,
                NameMappingParser.toJson(MappingUtil.create(txn.table().schema()))).commit();
    }

    /**
     * Points the operators table's {@code main} at the snapshot that the points table's current snapshot names (or
     * empties it when the points name none), and removes the branches of the runs in {@code tags}. {@code points}
     * reads the points table's current snapshot afresh at each call. Other runs may commit points and follow them
     * meanwhile: a run that read the points before another's commit would otherwise set {@code main} back to the
     * snapshot of the commit before, after the other had followed its own (leaving the other's operators files in no
     * state of the table). So an attempt ends only when the points' current snapshot, read again after the change,
     * is still the one it followed; the last change to {@code main} is then always one made for the points' current
     * snapshot. Each attempt starts from a fresh read, up to {@link #FOLLOW_ATTEMPTS}.
     */
    static void follow(Table operators, Supplier<Optional<Snapshot>> points, Set<String> tags) {
        for (int attempt = 1;; attempt++) {
            try {
                Optional<Snapshot> followed = points.get();
                followOnce(operators, followed, tags);
                if (points.get().map(Snapshot::snapshotId).equals(followed.map(Snapshot::snapshotId))) {
                    return;
                }
            } catch (CommitFailedException e) {
                // another run changed the operators table first: read both tables again
            }
            if (attempt == FOLLOW_ATTEMPTS) {
                throw new CommitFailedException("the operators table did not settle on the points' current snapshot "
                        + "after %d attempts while other runs kept committing", FOLLOW_ATTEMPTS);
            }
        }
    }

    private static void followOnce(Table operators, Optional<Snapshot> points, Set<String> tags) {
        operators.refresh();
        Optional<Long> named = points.map(p -> p.summary().get(IcebergTables.OPERATORS_SNAPSHOT)).map(Long::valueOf);
        Snapshot current = operators.currentSnapshot();
        if (named.isPresent() && (current == null || current.snapshotId() != named.get())) {
            operators.manageSnapshots().setCurrentSnapshot(named.get()).commit();
        } else if (named.isEmpty() && current != null && !IcebergTables.files(operators, Optional.of(current))
                .isEmpty()) {
            operators.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
        }
        List<String> branches = new ArrayList<>();
        for (Map.Entry<String, SnapshotRef> r : operators.refs().entrySet()) {
            if (r.getValue().isBranch() && tags.stream().anyMatch(t -> r.getKey().startsWith(BRANCH + t + "-"))) {
                branches.add(r.getKey());
            }
        }
        if (!branches.isEmpty()) {
            var manage = operators.manageSnapshots();
            branches.forEach(manage::removeBranch);
            manage.commit();
        }
    }

    /**
     * Deletes the data files below {@code dataFolder} that the run with tag {@code tag} wrote (their names hold
     * {@code -<tag>-c}) and no snapshot of {@code table} (absent: no table yet) references. Returns how many.
     */
    static int removeUncommitted(FileSystem fs, Path dataFolder, Optional<Table> table, String tag)
            throws IOException {
        if (!fs.exists(dataFolder)) {
            return 0;
        }
        Set<String> referenced = table.map(IcebergTables::reachable).orElse(Set.of());
        List<Path> doomed = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dataFolder, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            if (p.getName().contains("-" + tag + "-c") && !referenced.contains(p.toString())) {
                doomed.add(p);
            }
        }
        for (Path p : doomed) {
            fs.delete(p, false);
        }
        return doomed.size();
    }

    /** The table at {@code folder} if there is one. */
    static Optional<Table> existing(Path folder, Configuration conf) {
        return IcebergTables.exists(folder.toString(), conf) ? Optional.of(IcebergTables.load(folder.toString(), conf))
                : Optional.empty();
    }
}
