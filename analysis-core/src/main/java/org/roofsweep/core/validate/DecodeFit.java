package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.Gpu;

/**
 * A backend's decode kernels fitted to its single-stream decode rows: per token, with t0 the time at the data-sheet
 * bandwidth (bytes / bandwidth) and L the layers, the measured time is t = t0 x max(1 / memory, c / stream) + L x
 * launch, where c is the card's bandwidth over its FP32 peak (bytes per FLOP) and {@code stream} the bytes per FP32
 * FLOP the cores can keep in flight ({@link Efficiency#streamingBytesPerSecond}): a card whose bus outruns its cores
 * streams at stream x its FP32 peak. Relative least squares in (1 / memory, launch), constrained to memory <= 1 and
 * launch >= 0, at each stream figure of a grid; the fit takes the stream figure of least squared relative error, or
 * none (no cap) where a backend's entry does not ask for one. One parameter more than the plain fit, and only where
 * the rows' cards differ in cores at one bus (Apple's binned chips).
 */
final class DecodeFit {
    /** The grid of stream figures tried, bytes per FP32 FLOP: STEP, 2 x STEP, ... up to MAX. */
    static final double STEP = 0.0005;
    static final double MAX = 0.1;
    private static final int ITERATIONS = 20;

    private DecodeFit() {
    }

    /** One decode row: t0 and t in seconds, the card's bytes per FP32 FLOP (NaN: FP32 peak unknown, never capped). */
    record Row(double idealSeconds, double layers, double measuredSeconds, double busBytesPerFlop) {
    }

    /** The card's data-sheet bandwidth over its FP32 peak, bytes per FLOP; NaN where the FP32 peak is unknown. */
    static double busBytesPerFlop(Gpu gpu) {
        double fp32 = gpu.peak().fp32();
        return fp32 > 0 ? gpu.bandwidthBytesPerSecond() / fp32 : Double.NaN;
    }

    /** How much slower than t0 the efficiencies stream a card: max(1 / memory, c / stream). */
    static double slowdown(Efficiency e, Gpu gpu) {
        double c = busBytesPerFlop(gpu);
        double bus = 1 / e.memory();
        return e.streamBytesPerFlop() > 0 && c > 0 ? Math.max(bus, c / e.streamBytesPerFlop()) : bus;
    }

    /** {1 / memory, launch seconds, stream bytes per FLOP (0: none)}; with {@code capped} false, the plain fit. */
    static double[] fit(List<Row> rows, boolean capped) {
        double[] best = at(rows, 0);
        if (!capped) {
            return best;
        }
        for (int i = 1; i * STEP <= MAX + 1e-12; i++) {
            double[] f = at(rows, i * STEP);
            if (f != null && f[3] < best[3]) {
                best = f;
            }
        }
        return best;
    }

    /**
     * The least squares at one stream figure (0: no cap): rows whose cap is slower than the bus take the cap's time
     * as fixed and fit only the launch; the split is iterated to a fixed point. {1 / memory, launch, stream, squared
     * relative error}, or null when every row is capped.
     */
    private static double[] at(List<Row> rows, double stream) {
        boolean[] cappedRow = new boolean[rows.size()];
        double[] ab = null;
        for (int it = 0; it < ITERATIONS; it++) {
            List<double[]> ls = new ArrayList<>();
            boolean anyFree = false;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                double t = r.measuredSeconds();
                // relative rows {t0 / t, L / t, 1}; a capped row's time at the cap moves to the right-hand side
                ls.add(cappedRow[i] ? new double[] {0, r.layers() / t, 1 - r.idealSeconds() * cap(r, stream) / t}
                        : new double[] {r.idealSeconds() / t, r.layers() / t, 1});
                anyFree |= !cappedRow[i];
            }
            if (!anyFree) {
                return null;
            }
            ab = Calibrator.leastSquares(ls);
            boolean changed = false;
            for (int i = 0; i < rows.size(); i++) {
                boolean c = cap(rows.get(i), stream) > ab[0];
                changed |= c != cappedRow[i];
                cappedRow[i] = c;
            }
            if (!changed) {
                break;
            }
        }
        double error = 0;
        for (Row r : rows) {
            double predicted = r.idealSeconds() * slowdown(r, ab[0], stream) + r.layers() * ab[1];
            error += Math.pow(predicted / r.measuredSeconds() - 1, 2);
        }
        return new double[] {ab[0], ab[1], stream, error};
    }

    /**
     * How much slower than t0 a fit of {@code inverseMemory} (1 / memory) and {@code stream} (0: no cap) streams the
     * row's card: max(1 / memory, c / stream).
     */
    static double slowdown(Row r, double inverseMemory, double stream) {
        return Math.max(inverseMemory, cap(r, stream));
    }

    /** c / stream: how much slower than t0 the cores stream the row's card; 0 without a cap or an FP32 peak. */
    private static double cap(Row r, double stream) {
        return stream > 0 && r.busBytesPerFlop() > 0 ? r.busBytesPerFlop() / stream : 0;
    }
}
