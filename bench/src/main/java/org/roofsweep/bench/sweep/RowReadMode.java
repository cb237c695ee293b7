package org.roofsweep.bench.sweep;

import static org.roofsweep.bench.sweep.SweepBenchmark.load;
import static org.roofsweep.bench.sweep.SweepBenchmark.loadAverage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.write.ColumnBatch;
import org.roofsweep.jobs.write.RowLayout;

/**
 * {@code rowread}: what handing a row to the writer costs, one thread, in turn over the grid's first {@code --points}
 * point ids (1,000,000 by default): (a) the cost core alone; the core plus {@link ColumnBatch#add} reading each row
 * through the points table's {@link Columns.RowReader} (as the job does); the same through the columns' accesses,
 * one call per value (as before the reader). Prints this thread's CPU per point of each and what the add costs over
 * (a); both adds must give the same checksums, else it stops.
 */
final class RowReadMode {
    private RowReadMode() {
    }

    static void run(Options o) {
        Path sweep = o.sweeps().get(0);
        SweepPlan plan = load(sweep, o.configs());
        long n = Math.min(plan.size(), o.points());
        Columns<Evaluation> byAccess = new Columns<>();
        for (Columns.Column<Evaluation> c : PointsTable.TABLE.list()) {
            byAccess.add(c.name(), c.type(), c.nullable(), c.access());
        }
        System.out.printf(Locale.ROOT, "rowread %s: the first %,d points, %d run(s); thread CPU us per point%n", sweep,
                n, o.runs());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= o.runs(); run++) {
            long t0 = threads.getCurrentThreadCpuTime();
            long digest = 0;
            for (long id = 0; id < n; id++) {
                Evaluation e = plan.evaluate(id);
                digest += e == null ? 0 : Double.doubleToRawLongBits(e.result().e2eSeconds());
            }
            long t1 = threads.getCurrentThreadCpuTime();
            long reader = add(plan, n, PointsTable.TABLE);
            long t2 = threads.getCurrentThreadCpuTime();
            long access = add(plan, n, byAccess);
            long t3 = threads.getCurrentThreadCpuTime();
            if (reader != access) {
                throw new IllegalStateException("the two reads gave different checksums");
            }
            double a = (t1 - t0) / 1e3 / n;
            double r = (t2 - t1) / 1e3 / n;
            double s = (t3 - t2) / 1e3 / n;
            System.out.printf(Locale.ROOT, "run %d  (a) core %.3f  core + add by row reader %.3f (add %.3f)  "
                    + "core + add by accesses %.3f (add %.3f)  load %s  (digest %016x, checksum %016x)%n", run, a, r,
                    r - a, s, s - a, loadAverage(), digest, reader);
            System.out.flush();
        }
    }

    /**
     * The sum of the checksums of the first {@code n} points' rows, each added to a batch whose checksum is taken
     * when it is full, before it is emptied (as a task's writer does).
     */
    static long add(SweepPlan plan, long n, Columns<Evaluation> columns) {
        ColumnBatch<Evaluation> batch = new ColumnBatch<>(new RowLayout<>(columns, plan.settings().partitionBy()));
        long sum = 0;
        for (long id = 0; id < n; id++) {
            Evaluation e = plan.evaluate(id);
            if (e == null) {
                continue;
            }
            batch.add(e);
            if (batch.full()) {
                sum += batch.checksum();
                batch.clear();
            }
        }
        return sum + batch.checksum();
    }
}
