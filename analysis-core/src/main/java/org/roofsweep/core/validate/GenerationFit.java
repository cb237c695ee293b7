package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.DecodeGeneration;
import org.roofsweep.core.hardware.Efficiency;

/**
 * A backend's decode kernels fitted per generation ({@link DecodeGeneration}): each row belongs to the generation its
 * build date falls in for its weight format (the row's {@code framework} text, {@link BuildDate}, and {@code quant}),
 * or to the one its framework text states (a kernel switch, {@link org.roofsweep.core.hardware.KernelBuild}); an
 * undated row, like a sweep point, runs today's kernels. First the fit pooled over every generation
 * ({@link DecodeFit}, t = t0 / memory + L x launch); then a generation with at least {@code minRows} rows moves the
 * pooled streaming rate by one factor (the memory efficiency and, where the backend has one, the cores' cap, which
 * moves with it: {@link Efficiency#withDecode}), its rows' median log ratio shrunk by a ridge prior as a GPU family's
 * deviation is, at the pooled launch cost (the launches are the graph's, which kernel rewrites of the matrix-vector
 * shaders leave alone). One with fewer rows takes the
 * pooled figures and is labelled {@code borrowed:<backend>}, and so are today's where today's rows are too few. The
 * shrinkage matters: each generation fitted freely to its own 2-7 rows (two parameters) predicted held-out cards
 * worse than one pooled figure for every build (validate --cv, Vulkan decode over 15 rows: 23.6% against 18.5%); the
 * shrunk factors, 15.6%.
 */
final class GenerationFit {
    private GenerationFit() {
    }

    /**
     * Today's {1 / memory, launch, stream} and status, the earlier generations with their fitted or borrowed
     * figures, the rows behind each (today's first), and whether the pooled fit was degenerate (the base's figures
     * then kept).
     */
    record Fit(double[] today, String todayStatus, List<DecodeGeneration> generations, List<Integer> rows,
            boolean degenerate) {
        /** {@code base} with {@code fitted} as today's efficiencies, this fit's status and generations. */
        BackendCalibration applied(BackendCalibration base, Efficiency fitted) {
            return base.with(fitted, todayStatus).withGenerations(generations);
        }
    }

    /**
     * Fits {@code base}'s generations to its decode predictions (made at ideal efficiency), after the pooled fit over
     * all of them ({@link DecodeFit#fit}, with a streaming cap where the base has one); fewer than {@code minRows}
     * rows in all keep the base's figures, and so does a degenerate pooled fit: memory at its bound of 1, the rest of
     * every row's time put on the launch cost, where the rows cannot tell the two apart (SYCL's five rows of one model
     * on two cards, one layer count, once gave memory 1.0 and 400 us a layer).
     */
    static Fit fit(List<Validation.Prediction> decode, BackendCalibration base, int minRows) {
        Efficiency old = base.efficiency();
        boolean capped = old.streamBytesPerFlop() > 0;
        double[] kept = {1 / old.memory(), old.layerOverheadSeconds(), old.streamBytesPerFlop()};
        if (decode.size() < minRows) {
            // too few decode rows for any fit: today's and every generation's figures stay the base's
            return new Fit(kept, BackendCalibration.FITTED, base.decodeGenerations(), List.of(decode.size()), false);
        }
        double[] pooled = DecodeFit.fit(decode.stream().map(GenerationFit::row).toList(), capped);
        if (pooled[0] <= 1) {
            return new Fit(kept, base.status(), base.decodeGenerations(), List.of(decode.size()), true);
        }
        String borrowed = BackendCalibration.BORROWED + base.backend().key();
        List<DecodeGeneration> fitted = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<DecodeFit.Row> today = rows(decode, base, null);
        counts.add(today.size());
        for (DecodeGeneration g : base.decodeGenerations()) {
            List<DecodeFit.Row> mine = rows(decode, base, g);
            counts.add(mine.size());
            fitted.add(g.with(Math.min(1, factor(mine, pooled, minRows) / pooled[0]), pooled[1],
                    mine.size() >= minRows ? BackendCalibration.FITTED : borrowed));
        }
        if (base.decodeGenerations().isEmpty()) {
            return new Fit(pooled, BackendCalibration.FITTED, fitted, counts, false);
        }
        double[] now = pooled.clone();
        double f = factor(today, pooled, minRows);
        now[0] = 1 / Math.min(1, f / pooled[0]);
        // the cores' cap moves with the memory efficiency (Efficiency#withDecode), for today's kernels as for each
        // earlier generation's
        now[2] = pooled[2] * f;
        return new Fit(now, today.size() >= minRows ? BackendCalibration.FITTED : borrowed, fitted, counts, false);
    }

    /**
     * A generation's factor on the pooled streaming rate: with each row's own rate m_i = t0 / (t - L x launch) at the
     * pooled launch cost, the log ratios log(m_i x s_i), s_i the pooled fit's slowdown of the row's card (1 / memory,
     * or c / stream where the cores' cap binds: {@link DecodeFit#slowdown}), shrunk towards no change as a
     * family's deviation is ({@link Calibrator#shrunk}: a ridge prior worth {@link Calibrator#PRIOR_ROWS} rows); 1
     * with fewer than {@code minRows} rows.
     */
    static double factor(List<DecodeFit.Row> rows, double[] pooled, int minRows) {
        if (rows.size() < minRows) {
            return 1;
        }
        List<Double> logs = new ArrayList<>();
        for (DecodeFit.Row r : rows) {
            double rest = r.measuredSeconds() - r.layers() * pooled[1];
            if (rest > 0) {
                logs.add(Math.log(r.idealSeconds() / rest * DecodeFit.slowdown(r, pooled[0], pooled[2])));
            }
        }
        return Calibrator.shrunk(logs);
    }

    /** The decode rows of generation {@code g} (null: today's kernels, undated rows among them). */
    private static List<DecodeFit.Row> rows(List<Validation.Prediction> decode, BackendCalibration base,
            DecodeGeneration g) {
        return decode.stream().filter(p -> java.util.Objects.equals(generation(base, p), g))
                .map(GenerationFit::row).toList();
    }

    /**
     * The generation a prediction's build ran (its date and weight format, or its stated kernel switch), null for
     * today's kernels (an undated row among them).
     */
    static DecodeGeneration generation(BackendCalibration base, Validation.Prediction p) {
        return base.decodeGeneration(RowBuild.build(p.row()));
    }

    /** A decode prediction at ideal efficiency as the fit's row {t0, L, t, the card's bytes per FP32 FLOP}. */
    static DecodeFit.Row row(Validation.Prediction p) {
        return new DecodeFit.Row(1 / p.predicted(), p.model().numLayers(), 1 / p.row().value(),
                DecodeFit.busBytesPerFlop(p.gpu()));
    }
}
