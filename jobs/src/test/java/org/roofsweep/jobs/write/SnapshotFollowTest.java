package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SnapshotCommits#follow} when another run commits between this run's read of the points and its change to
 * the operators table: two appends A then B; run A read the points at A's commit, run B committed and followed its
 * own (operators {@code main} at B's snapshot), and only then does A's follow run. Followed as read, {@code main}
 * would go back to A's operators snapshot, and B's operators file would be in no state of the table.
 */
class SnapshotFollowTest {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "point_id", Types.LongType.get()));

    @TempDir
    Path tmp;

    private static DataFile file(Table t, String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned()).withPath(t.location() + "/data/" + name + ".parquet")
                .withFileSizeInBytes(100).withRecordCount(1).withFormat("PARQUET").build();
    }

    @Test
    void aRunThatReadThePointsBeforeAnotherCommitEndsAtTheOthersOperators() {
        HadoopTables tables = new HadoopTables(new Configuration());
        Table operators = tables.create(SCHEMA, PartitionSpec.unpartitioned(), tmp.resolve("operators").toString());
        Table points = tables.create(SCHEMA, PartitionSpec.unpartitioned(), tmp.resolve("points").toString());
        operators.newAppend().appendFile(file(operators, "ops-a")).commit();
        long opsA = operators.currentSnapshot().snapshotId();
        points.newAppend().appendFile(file(points, "points-a")).set(IcebergTables.OPERATORS_SNAPSHOT,
                Long.toString(opsA)).commit();
        Snapshot pointsA = points.currentSnapshot();
        operators.newAppend().appendFile(file(operators, "ops-b")).commit(); // B's operators, on top of A's
        long opsB = operators.currentSnapshot().snapshotId();
        points.newAppend().appendFile(file(points, "points-b")).set(IcebergTables.OPERATORS_SNAPSHOT,
                Long.toString(opsB)).commit();
        // A's first read is its own commit, every later read the points table as it is now (B's commit)
        AtomicInteger reads = new AtomicInteger();
        Supplier<Optional<Snapshot>> pointsAsRunAReadsThem = () -> {
            if (reads.getAndIncrement() == 0) {
                return Optional.of(pointsA);
            }
            points.refresh();
            return Optional.of(points.currentSnapshot());
        };

        SnapshotCommits.follow(operators, pointsAsRunAReadsThem, Set.of());

        operators.refresh();
        assertEquals(opsB, operators.currentSnapshot().snapshotId(), "main follows the points' current snapshot");
        assertTrue(IcebergTables.reachable(operators).contains(file(operators, "ops-b").location()),
                "B's operators file is in the table's current state");
        // read 1 (stale, followed), read 2 (check: moved on), read 3 (B's, followed), read 4 (check: settled)
        assertEquals(4, reads.get());
    }
}
