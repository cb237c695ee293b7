package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roofsweep.core.Stats;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Efficiency;

/**
 * Fits one efficiency set per GPU family to measurements. Decode: with the predicted per-token time at ideal
 * efficiency t0 (bytes / bandwidth) and the layer count L, the measured time is modelled as t = t0 / memory + L *
 * overhead, a linear least-squares fit in (1 / memory, overhead) over the family's rows, constrained to memory <= 1
 * and overhead >= 0. Prefill: compute efficiency is the median of measured / ideal prompt throughput.
 */
public final class Calibrator {
    private Calibrator() {
    }

    /** A family's fit and how many rows support each part. */
    public record Fit(String family, Efficiency efficiency, int decodeRows, int prefillRows) {
    }

    public static Map<String, Fit> fit(List<MeasuredRow> rows, Catalogs c) {
        Calibration base = c.hardware().calibration();
        Map<String, Efficiency> ideal = new HashMap<>();
        base.families().keySet().forEach(f -> ideal.put(f, new Efficiency(1, 1, 0)));
        Calibration unit = new Calibration(ideal, base.cpu(), base.runtime());
        Validation.Report r = Validation.run(rows, c, unit);
        Map<String, List<double[]>> decode = new LinkedHashMap<>();
        Map<String, List<Double>> prefill = new LinkedHashMap<>();
        for (Validation.Prediction p : r.predictions()) {
            String f = p.gpu().family();
            if (p.decode()) {
                decode.computeIfAbsent(f, k -> new ArrayList<>())
                        .add(new double[] {1 / p.predicted(), p.model().numLayers(), 1 / p.row().value()});
            } else {
                prefill.computeIfAbsent(f, k -> new ArrayList<>()).add(p.row().value() / p.predicted());
            }
        }
        Map<String, Fit> out = new LinkedHashMap<>();
        for (String f : base.families().keySet()) {
            List<double[]> d = decode.getOrDefault(f, List.of());
            List<Double> pre = prefill.getOrDefault(f, List.of());
            if (d.isEmpty() && pre.isEmpty()) {
                continue;
            }
            Efficiency old = base.families().get(f);
            double[] ab = d.isEmpty() ? new double[] {1 / old.memory(), old.layerOverheadSeconds()} : leastSquares(d);
            double compute = pre.isEmpty() ? old.compute()
                    : Math.min(1, Stats.median(pre.stream().mapToDouble(Double::doubleValue).toArray()));
            out.put(f, new Fit(f, new Efficiency(1 / ab[0], compute, ab[1]), d.size(), pre.size()));
        }
        return out;
    }

    /** Minimises sum (a t0 + b L - t)^2 with a >= 1, b >= 0; rows are {t0, L, t}. */
    static double[] leastSquares(List<double[]> rows) {
        double s00 = 0;
        double s01 = 0;
        double s11 = 0;
        double s0t = 0;
        double s1t = 0;
        for (double[] r : rows) {
            s00 += r[0] * r[0];
            s01 += r[0] * r[1];
            s11 += r[1] * r[1];
            s0t += r[0] * r[2];
            s1t += r[1] * r[2];
        }
        double det = s00 * s11 - s01 * s01;
        double a = det > 0 ? (s0t * s11 - s1t * s01) / det : Double.NaN;
        double b = det > 0 ? (s00 * s1t - s01 * s0t) / det : Double.NaN;
        if (Double.isNaN(a) || b < 0) {
            b = 0;
            a = s0t / s00;
        }
        if (a < 1) {
            a = 1;
            double num = 0;
            for (double[] r : rows) {
                num += (r[2] - r[0]) * r[1];
            }
            b = Math.max(0, num / s11);
        }
        return new double[] {a, b};
    }
}
