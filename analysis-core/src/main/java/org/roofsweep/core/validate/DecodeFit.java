package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.hardware.StreamCap;

/**
 * A backend's decode kernels fitted to its single-stream decode rows: per token, with t0 the time at the data-sheet
 * bandwidth (bytes / bandwidth) and L the layers, the measured time is t = t0 x max(1 / memory, c / stream) + L x
 * launch, where c is the card's bandwidth over its cap's basis (bytes per FP32 FLOP, or bytes/s per compute unit:
 * {@link StreamCap.Basis}) and {@code stream} the same per unit of that basis that the cores can keep in flight
 * ({@link Efficiency#streamingBytesPerSecond}): a card whose bus outruns its cores streams at stream x its basis
 * units. A fit in (1 / memory, launch) of the relative errors (Huber's loss, below), constrained to
 * memory <= 1 and launch >= 0, at each stream figure of the basis's grid; the fit takes the stream figure of least
 * loss, or none (no cap) where a backend's entry declares none. One parameter more than the plain fit, and only
 * where the rows' cards differ in cores at one bus (Apple's binned chips) or in bus per core (NVIDIA's HBM cards).
 *
 * <p>A row whose build ran its decode steps as one captured graph ({@link org.roofsweep.core.hardware.GraphCapture},
 * {@link Row#captured}) pays a launch of its own, t = t0 x slowdown + L x graph launch: where at least
 * {@code minCaptured} such rows and as many others exist the two launch costs are fitted together, alternating the
 * least squares in (1 / memory, launch) over every row, the captured rows' graph launches taken as known, with the graph launch's own
 * least squares over the captured rows (launch >= 0) at that memory, to a fixed point (the problem is a convex
 * quadratic, so block by block it converges); with fewer the captured rows count as launching every kernel and the
 * graph launch is the other's.
 *
 * <p>The loss is Huber's on the relative error, not its square: a row within {@link #HUBER_DELTA} of the fit counts
 * quadratically, one further out linearly, by iteratively reweighted least squares (weight min(1, delta / |error|),
 * {@link #HUBER_PASSES} passes from the plain fit). A few rows of a kind the backend's two figures do not describe
 * (the HBM datacenter cards' decode, 15-50% slower than the GeForce rows' fit; a build far from its neighbours) then
 * pull the backend's figures no more than their own distance allows, where the squares let each pull with its error
 * squared. The targets are medians of |error|; with delta at 0.01 (near the median fit) ROCm's 7 rows fitted
 * unstably (20.7% held out by GPU), at 0.05 18.4%, at 0.10 11.1%: issue 15's sixteenth session tried those three.
 */
final class DecodeFit {
    private static final int ITERATIONS = 20;

    private DecodeFit() {
    }

    /**
     * One decode row: t0 and t in seconds, the card's data-sheet bandwidth per unit of the backend's cap basis (NaN:
     * the card does not state it, never capped; {@link StreamCap#busBytesPerSecondPerUnit}), and whether its build
     * captured the step as a graph.
     */
    record Row(double idealSeconds, double layers, double measuredSeconds, double busBytesPerSecondPerUnit,
            boolean captured) {
        /** A row of a build that launches every kernel. */
        Row(double idealSeconds, double layers, double measuredSeconds, double busBytesPerSecondPerUnit) {
            this(idealSeconds, layers, measuredSeconds, busBytesPerSecondPerUnit, false);
        }

        /** The row's launch cost per layer under a fit of {@code launch} and {@code graphLaunch} seconds. */
        double launch(double launch, double graphLaunch) {
            return captured ? graphLaunch : launch;
        }
    }

    /** Relative error beyond which a row's pull on the fit grows linearly, not quadratically (Huber's delta). */
    static final double HUBER_DELTA = 0.10;

    /** Reweighted passes of the Huber fit after the plain least squares. */
    private static final int HUBER_PASSES = 25;

    /** Alternations of the two launch costs' least squares. */
    private static final int GRAPH_ITERATIONS = 200;

    /** How much slower than t0 the efficiencies stream a card: max(1 / memory, c / stream). */
    static double slowdown(Efficiency e, Gpu gpu) {
        double c = e.streamCap().busBytesPerSecondPerUnit(gpu);
        double bus = 1 / e.memory();
        return e.streamCap().caps() && c > 0 ? Math.max(bus, c / e.streamCap().bytesPerSecondPerUnit()) : bus;
    }

    /**
     * {1 / memory, launch seconds, stream bytes/s per unit of {@code basis} (0: none), Huber loss of the relative
     * errors, a captured step's launch seconds}; with {@code basis} null, the plain fit; every row launching every
     * kernel where the two launch costs cannot be told apart ({@link #launchesApart}; the graph launch then the
     * other's). The grid runs over the basis's {@link StreamCap.Basis#stepBytesPerSecondPerUnit} up to its
     * {@link StreamCap.Basis#maxBytesPerSecondPerUnit}.
     */
    static double[] fit(List<Row> rows, StreamCap.Basis basis, int minCaptured) {
        boolean apart = launchesApart(rows, minCaptured);
        List<Row> used = apart ? rows : rows.stream().map(r -> new Row(r.idealSeconds(), r.layers(),
                r.measuredSeconds(), r.busBytesPerSecondPerUnit(), false)).toList();
        double[] best = at(used, 0);
        if (basis != null) {
            double step = basis.stepBytesPerSecondPerUnit();
            for (int i = 1; i * step <= basis.maxBytesPerSecondPerUnit() * (1 + 1e-12); i++) {
                double[] f = at(used, i * step);
                if (f != null && f[3] < best[3]) {
                    best = f;
                }
            }
        }
        if (!apart) {
            best[4] = best[1];
        }
        return best;
    }

    /**
     * Whether the rows fit the captured steps' launch cost apart from the others': at least {@code minCaptured} rows
     * of each kind (all rows captured, or none, leave one of the two unidentified).
     */
    static boolean launchesApart(List<Row> rows, int minCaptured) {
        long captured = rows.stream().filter(Row::captured).count();
        return captured >= minCaptured && rows.size() - captured >= minCaptured;
    }

    /** {@link #fit(List, StreamCap.Basis, int)} of rows none of which is captured. */
    static double[] fit(List<Row> rows, StreamCap.Basis basis) {
        return fit(rows, basis, Integer.MAX_VALUE);
    }

    /**
     * The Huber fit at one stream figure (0: no cap): rows whose cap is slower than the bus take the cap's time
     * as fixed and fit only the launch; the split is iterated to a fixed point. {1 / memory, launch, stream, Huber
     * loss of the relative errors, graph launch}, or null when every row is capped.
     */
    private static double[] at(List<Row> rows, double stream) {
        boolean[] cappedRow = new boolean[rows.size()];
        boolean anyCaptured = rows.stream().anyMatch(Row::captured);
        double[] ab = null;
        double graph = 0;
        double[] weight = new double[rows.size()];
        java.util.Arrays.fill(weight, 1);
        for (int pass = 0; pass <= HUBER_PASSES; pass++) {
            if (ab != null) {
                // Huber's weights at the last pass's fit: 1 within delta, delta / |relative error| beyond
                for (int i = 0; i < rows.size(); i++) {
                    double error = relativeError(rows.get(i), ab, graph, stream);
                    weight[i] = error <= HUBER_DELTA ? 1 : HUBER_DELTA / error;
                }
            }
            ab = leastSquaresAt(rows, stream, weight, cappedRow, anyCaptured, graph);
            if (ab == null) {
                return null;
            }
            graph = ab[2];
        }
        double loss = 0;
        for (Row r : rows) {
            double e = relativeError(r, ab, graph, stream);
            loss += e <= HUBER_DELTA ? e * e / 2 : HUBER_DELTA * (e - HUBER_DELTA / 2);
        }
        return new double[] {ab[0], ab[1], stream, loss, graph};
    }

    /** |predicted / measured - 1| of a row at {1 / memory, launch} {@code ab}, {@code graph} and {@code stream}. */
    private static double relativeError(Row r, double[] ab, double graph, double stream) {
        double predicted = r.idealSeconds() * slowdown(r, ab[0], stream) + r.layers() * r.launch(ab[1], graph);
        return Math.abs(predicted / r.measuredSeconds() - 1);
    }

    /**
     * One weighted least squares at one stream figure: {1 / memory, launch, graph launch}, the capped rows' split
     * iterated to a fixed point in {@code cappedRow} and the two launch costs alternated from {@code graph}; null when
     * every row is capped.
     */
    private static double[] leastSquaresAt(List<Row> rows, double stream, double[] weight, boolean[] cappedRow,
            boolean anyCaptured, double graphFrom) {
        double[] ab = null;
        double graph = graphFrom;
        for (int it = 0; it < ITERATIONS; it++) {
            for (int g = 0; g < (anyCaptured ? GRAPH_ITERATIONS : 1); g++) {
                List<double[]> ls = new ArrayList<>();
                boolean anyFree = false;
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    double t = r.measuredSeconds();
                    // relative rows {t0 / t, L / t, 1}; a capped row's time at the cap moves to the right-hand side,
                    // and so does a captured row's graph launches, at the graph launch of the last alternation
                    double rhs = 1 - (r.captured() ? r.layers() * graph / t : 0);
                    double launchColumn = r.captured() ? 0 : r.layers() / t;
                    double w = Math.sqrt(weight[i]);
                    ls.add(cappedRow[i]
                            ? new double[] {0, w * launchColumn, w * (rhs - r.idealSeconds() * cap(r, stream) / t)}
                            : new double[] {w * r.idealSeconds() / t, w * launchColumn, w * rhs});
                    anyFree |= !cappedRow[i];
                }
                if (!anyFree) {
                    return null;
                }
                ab = Calibrator.leastSquares(ls);
                if (!anyCaptured) {
                    break;
                }
                // the graph launch's least squares over the captured rows at this memory: sum((1 - s t0 / t) L / t)
                // / sum((L / t)^2), at least 0
                double num = 0;
                double den = 0;
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    if (r.captured()) {
                        double t = r.measuredSeconds();
                        num += weight[i] * (1 - r.idealSeconds() * slowdown(r, ab[0], stream) / t) * r.layers() / t;
                        den += weight[i] * Math.pow(r.layers() / t, 2);
                    }
                }
                double next = Math.max(0, num / den);
                boolean settled = Math.abs(next - graph) < 1e-12;
                graph = next;
                if (settled) {
                    break;
                }
            }
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
        return new double[] {ab[0], ab[1], graph};
    }

    /**
     * How much slower than t0 a fit of {@code inverseMemory} (1 / memory) and {@code stream} (0: no cap) streams the
     * row's card: max(1 / memory, c / stream).
     */
    static double slowdown(Row r, double inverseMemory, double stream) {
        return Math.max(inverseMemory, cap(r, stream));
    }

    /** c / stream: how much slower than t0 the cores stream the row's card; 0 without a cap or a stated basis. */
    private static double cap(Row r, double stream) {
        return stream > 0 && r.busBytesPerSecondPerUnit() > 0 ? r.busBytesPerSecondPerUnit() / stream : 0;
    }
}
