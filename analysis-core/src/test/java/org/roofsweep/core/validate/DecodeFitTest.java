package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.hardware.StreamCap;

/** The decode fit with the cores' streaming cap, on rows made from known parameters. */
class DecodeFitTest {
    /** memory 0.8, 150 us a layer, cap 0.025 B/FLOP; t0 = bytes / bus, c = bus / FP32 peak. */
    private static DecodeFit.Row row(double t0, double layers, double busBytesPerFlop) {
        double slowdown = Math.max(1 / 0.8, busBytesPerFlop / 0.025);
        return new DecodeFit.Row(t0, layers, t0 * slowdown + layers * 150e-6, busBytesPerFlop);
    }

    private static final List<DecodeFit.Row> ROWS = List.of(
            // 400 GB/s over 7.8 TFLOPS: c = 0.0513, slowdown 2.05 (capped); over 10.4: 0.0385, 1.54 (capped)
            row(0.0337, 32, 400e9 / 7.8e12), row(0.0402, 32, 400e9 / 10.4e12), row(0.0121, 32, 400e9 / 10.4e12),
            // 800 GB/s over 27.2 TFLOPS: c = 0.0294, slowdown 1.18 < 1.25 (the bus)
            row(0.0201, 32, 800e9 / 27.2e12), row(0.0501, 80, 800e9 / 27.2e12), row(0.0061, 32, 800e9 / 27.2e12),
            // 68 GB/s over 2.6 TFLOPS: c = 0.0262, the bus
            row(0.0720, 32, 68e9 / 2.6e12));

    @Test
    void theFitFindsTheCapTheRowsWereMadeWith() {
        double[] f = DecodeFit.fit(ROWS, StreamCap.Basis.FP32_FLOP);
        assertEquals(1 / 0.8, f[0], 1e-6);
        assertEquals(150e-6, f[1], 1e-9);
        assertEquals(0.025, f[2], 1e-9);
    }

    /**
     * The same fit on the per-compute-unit basis, its grid in steps of 0.125 GB/s per unit: rows made at memory 0.93,
     * 100 us a layer and 12 GB/s per SM. An A100-like card (17.9 GB/s of bus per SM) streams at
     * max(1 / 0.93, 17.9 / 12) = 1.492 x t0, a GeForce-like one (7.9) at 1 / 0.93 = 1.075 x t0; the fit recovers
     * the three figures from four rows of each.
     */
    @Test
    void theFitFindsACapPerComputeUnit() {
        List<DecodeFit.Row> rows = new java.util.ArrayList<>();
        double[][] models = {{4e-3, 32}, {8e-3, 32}, {2e-3, 22}, {12e-3, 40}};
        for (double busGbPerUnit : new double[] {17.9, 7.9}) {
            for (double[] m : models) {
                double slowdown = Math.max(1 / 0.93, busGbPerUnit / 12);
                rows.add(new DecodeFit.Row(m[0], m[1], m[0] * slowdown + m[1] * 100e-6, busGbPerUnit * 1e9));
            }
        }
        assertEquals(1.492, Math.max(1 / 0.93, 17.9 / 12), 1e-3);
        double[] f = DecodeFit.fit(rows, StreamCap.Basis.COMPUTE_UNIT);
        assertEquals(1 / 0.93, f[0], 1e-6);
        assertEquals(100e-6, f[1], 1e-9);
        assertEquals(12e9, f[2], 1);
    }

    @Test
    void withoutTheCapTheFitIsThePlainOne() {
        double[] f = DecodeFit.fit(ROWS, null);
        assertEquals(0, f[2]);
        // the plain fit puts the capped rows' slowness into a lower memory efficiency
        assertTrue(f[0] > 1 / 0.8);
    }

    /**
     * Rows made at memory 0.9 with 120 us a layer outside a graph and 40 us inside one: t = t0 / 0.9 + L x launch.
     * Three eager rows and three captured ones on the same two models (t0 8 ms and 4 ms over 32 layers, 12 ms over
     * 40): an eager 8 ms row takes 8 / 0.9 + 3.84 = 12.729 ms, its captured twin 8 / 0.9 + 1.28 = 10.169 ms. The
     * alternating fit recovers the three figures; a fit that may not tell the two apart (too few captured rows) has one
     * launch cost for both, which fits neither cluster exactly (Huber's loss leaves it near one of them).
     */
    @Test
    void theCapturedRowsLaunchCostIsFittedApart() {
        List<DecodeFit.Row> rows = new java.util.ArrayList<>();
        double[][] models = {{8e-3, 32}, {4e-3, 32}, {12e-3, 40}};
        for (double[] m : models) {
            rows.add(new DecodeFit.Row(m[0], m[1], m[0] / 0.9 + m[1] * 120e-6, Double.NaN, false));
            rows.add(new DecodeFit.Row(m[0], m[1], m[0] / 0.9 + m[1] * 40e-6, Double.NaN, true));
        }
        assertEquals(12.729e-3, rows.get(0).measuredSeconds(), 1e-6);
        assertEquals(10.169e-3, rows.get(1).measuredSeconds(), 1e-6);
        double[] apart = DecodeFit.fit(rows, null, 3);
        assertEquals(1 / 0.9, apart[0], 1e-6);
        assertEquals(120e-6, apart[1], 1e-9);
        assertEquals(40e-6, apart[4], 1e-9);
        assertEquals(0, apart[3], 1e-12);
        double[] pooled = DecodeFit.fit(rows, null, 4);
        assertEquals(pooled[1], pooled[4], 0);
        assertTrue(pooled[3] > 1e-6, "one launch cannot fit both clusters: loss " + pooled[3]);
    }

    /**
     * Six rows made at memory 0.9 and 100 us a layer, and a seventh of another kind, 40% slower than those figures
     * price it (an HBM card whose kernels the two figures do not describe). Relative least squares (Calibrator's
     * solver on the rows {t0 / t, L / t, 1}) let it move the memory efficiency by its error squared; Huber's loss
     * weighs it by 0.10 / its error, so the fit stays nearer the six rows' 0.9.
     */
    @Test
    void aRowOfAnotherKindPullsTheHuberFitLessThanTheSquares() {
        List<DecodeFit.Row> rows = new java.util.ArrayList<>();
        double[][] models = {{8e-3, 32}, {4e-3, 32}, {12e-3, 40}, {2e-3, 22}, {16e-3, 40}, {6e-3, 32}};
        for (double[] m : models) {
            rows.add(new DecodeFit.Row(m[0], m[1], m[0] / 0.9 + m[1] * 100e-6, Double.NaN));
        }
        rows.add(new DecodeFit.Row(3e-3, 32, 1.4 * (3e-3 / 0.9 + 32 * 100e-6), Double.NaN));
        List<double[]> relative = rows.stream().map(r -> Calibrator.relative(r.idealSeconds(), r.layers(),
                r.measuredSeconds())).toList();
        double squares = 1 / Calibrator.leastSquares(relative)[0];
        double huber = 1 / DecodeFit.fit(rows, null)[0];
        assertTrue(Math.abs(huber - 0.9) < Math.abs(squares - 0.9) / 2,
                "Huber " + huber + " against the squares' " + squares);
    }
}
