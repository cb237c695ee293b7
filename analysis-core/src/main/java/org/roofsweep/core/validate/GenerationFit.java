package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.DecodeGeneration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.StreamCap;

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
 *
 * <p>A backend that captures decode steps as graphs ({@link org.roofsweep.core.hardware.GraphCapture}) fits the
 * captured rows' launch cost apart where it has at least {@code minRows} of them ({@link DecodeFit}), today's status
 * for it {@code fitted}, else {@code borrowed:<backend>} at the pooled launch cost.
 */
final class GenerationFit {
    private GenerationFit() {
    }

    /**
     * Today's {1 / memory, launch, stream, a captured step's launch} and status, the earlier generations with their
     * fitted or borrowed figures, the rows behind each (today's first), whether the pooled fit was degenerate (the
     * base's figures then kept), and the captured rows and their launch figure's status.
     */
    record Fit(double[] today, String todayStatus, List<DecodeGeneration> generations, List<Integer> rows,
            boolean degenerate, int capturedRows, String graphStatus) {
        /**
         * {@code base} with {@code fitted} as today's efficiencies, this fit's status and generations, and the
         * captured steps' launch figure where the backend captures any.
         */
        BackendCalibration applied(BackendCalibration base, Efficiency fitted) {
            BackendCalibration b = base.with(fitted, todayStatus).withGenerations(generations);
            return base.graphs().any() ? b.withGraphs(base.graphs().with(today[3], graphStatus)) : b;
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
        StreamCap.Basis basis = old.streamCap().basis();
        double[] kept = {1 / old.memory(), old.layerOverheadSeconds(), old.streamCap().bytesPerSecondPerUnit(),
            base.graphs().layerOverheadSeconds()};
        List<DecodeFit.Row> all = decode.stream().map(p -> row(p, base)).toList();
        int captured = (int) all.stream().filter(DecodeFit.Row::captured).count();
        String graphStatus = DecodeFit.launchesApart(all, minRows) ? BackendCalibration.FITTED
                : BackendCalibration.BORROWED + base.backend().key();
        if (decode.size() < minRows) {
            // too few decode rows for any fit: today's and every generation's figures stay the base's
            return new Fit(kept, BackendCalibration.FITTED, base.decodeGenerations(), List.of(decode.size()), false,
                    captured, base.graphs().status());
        }
        double[] joint = DecodeFit.fit(all, basis, minRows);
        double[] pooled = {joint[0], joint[1], joint[2], joint[4]};
        if (pooled[0] <= 1) {
            return new Fit(kept, base.status(), base.decodeGenerations(), List.of(decode.size()), true, captured,
                    base.graphs().status());
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
            return new Fit(pooled, BackendCalibration.FITTED, fitted, counts, false, captured, graphStatus);
        }
        double[] now = pooled.clone();
        double f = factor(today, pooled, minRows);
        now[0] = 1 / Math.min(1, f / pooled[0]);
        // the cores' cap moves with the memory efficiency (Efficiency#withDecode), for today's kernels as for each
        // earlier generation's
        now[2] = pooled[2] * f;
        return new Fit(now, today.size() >= minRows ? BackendCalibration.FITTED : borrowed, fitted, counts, false,
                captured, graphStatus);
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
            double rest = r.measuredSeconds() - r.layers() * r.launch(pooled[1], pooled[3]);
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
                .map(p -> row(p, base)).toList();
    }

    /**
     * The generation a prediction's build ran (its date and weight format, or its stated kernel switch), null for
     * today's kernels (an undated row among them).
     */
    static DecodeGeneration generation(BackendCalibration base, Validation.Prediction p) {
        return base.decodeGeneration(RowBuild.build(p.row()));
    }

    /**
     * A decode prediction at ideal efficiency as the fit's row {t0, L, t, the card's bytes per unit of the backend's
     * cap basis, whether {@code base} as the row's build ran it captures the step on the row's card}; L counts the
     * layers at the backend's launch clock (layers x launchClock / the card's clock, {@link Efficiency#launchScale}),
     * so that the fitted launch figures are the launch clock's.
     */
    static DecodeFit.Row row(Validation.Prediction p, BackendCalibration base) {
        boolean captured = base.builtOn(RowBuild.build(p.row())).graphs().captures(p.gpu(), p.row().batch(), false);
        double layers = p.model().numLayers() * base.efficiency().launchScale(p.gpu());
        return new DecodeFit.Row(1 / p.predicted(), layers, 1 / p.row().value(),
                base.efficiency().streamCap().busBytesPerSecondPerUnit(p.gpu()), captured);
    }
}
