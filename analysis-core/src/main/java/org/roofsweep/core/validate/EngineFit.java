package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.EngineCalibration;

/**
 * Each other engine's decode kernels, fitted like a backend's (t = t0 / memory + L x launch, relative least squares,
 * {@link Calibrator#leastSquares}) to the single-GPU decode rows whose framework names it, each row's t0 at its GPU
 * family's memory deviation ({@code familyMemory}: a family's LPDDR5 streams slower for every engine, so an engine
 * whose rows are mostly one family's does not take the family's slowness for its own); an engine with fewer than
 * the minimum rows keeps the base's figures, and one {@code borrowed:<engine>} takes that engine's fit. {@code rows}:
 * the decode rows each engine's figures were fitted to, or would have been.
 */
record EngineFit(Map<String, EngineCalibration> engines, Map<String, Integer> rows) {
    EngineFit {
        engines = Map.copyOf(engines);
        rows = Map.copyOf(rows);
    }

    /**
     * How much of an engine's launch figure {@code p}'s card pays: its backend's launch clock over the card's
     * ({@link org.roofsweep.core.hardware.Efficiency#launchScale}), as {@link EngineCalibration#over} carries it.
     */
    static double launchScale(Validation.Prediction p, Calibration base) {
        return base.backends().get(p.backend()).efficiency().launchScale(p.gpu());
    }

    /**
     * Whether {@code p} is a decode row of engine {@code e} that the engine fit takes: one the backends' fits would
     * take but for its engine ({@link Calibrator#fittable}: single-GPU, an empty KV cache, a text prompt).
     */
    static boolean decodeRowOf(Validation.Prediction p, Calibration base, EngineCalibration e) {
        return p.decode() && !Calibrator.llamaCpp(p) && Calibrator.fittable(p)
                && base.engine(p.row().framework()).filter(x -> x.key().equals(e.key())).isPresent();
    }

    /**
     * The family factor engine {@code e}'s rows on {@code family} are priced at: the family's deviation, capped so that
     * the engine's memory times it is at most 1 ({@code Calibration#gpu} caps the product), at the engine's figure
     * of {@code current}.
     */
    private static double capped(Map<String, Double> familyMemory, String family, EngineCalibration current) {
        return Math.min(familyMemory.getOrDefault(family, 1.0), 1 / current.memory());
    }

    /**
     * The fit with every family at {@code familyMemory}'s factor (none: 1), capped at each engine's figure of
     * {@code current} (the previous alternation's engines, or the base's).
     */
    static EngineFit fit(List<Validation.Prediction> ideal, Calibration base, int minRows,
            Map<String, Double> familyMemory, Map<String, EngineCalibration> current) {
        Map<String, EngineCalibration> out = new TreeMap<>(base.engines());
        Map<String, Integer> counts = new TreeMap<>();
        for (EngineCalibration e : base.engines().values()) {
            EngineCalibration now = current.getOrDefault(e.key(), e);
            List<double[]> decode = ideal.stream().filter(p -> decodeRowOf(p, base, e))
                    .map(p -> Calibrator.relative(1 / p.predicted() / capped(familyMemory, p.gpu().family(), now),
                            p.model().numLayers() * launchScale(p, base), 1 / p.row().value())).toList();
            counts.put(e.key(), decode.size());
            if (decode.size() >= minRows) {
                double[] ab = Calibrator.leastSquares(decode);
                out.put(e.key(), e.with(1 / ab[0], ab[1], BackendCalibration.FITTED));
            }
        }
        for (EngineCalibration e : base.engines().values()) {
            if (e.status().startsWith(BackendCalibration.BORROWED)) {
                EngineCalibration from = out.get(e.status().substring(BackendCalibration.BORROWED.length()));
                out.put(e.key(), e.with(from.memory(), from.layerOverheadSeconds(), e.status()));
            }
        }
        return new EngineFit(out, counts);
    }

    /**
     * Whether every engine's memory and launch figure (seconds) is within {@code tolerance} of {@code other}'s (as a
     * relative change of the launch).
     */
    boolean sameFigures(EngineFit other, double tolerance) {
        return engines.keySet().equals(other.engines.keySet()) && engines.entrySet().stream().allMatch(x -> {
            EngineCalibration o = other.engines.get(x.getKey());
            double launch = Math.max(o.layerOverheadSeconds(), 1e-12);
            return Math.abs(x.getValue().memory() - o.memory()) < tolerance
                    && Math.abs(x.getValue().layerOverheadSeconds() - o.layerOverheadSeconds()) / launch < tolerance;
        });
    }

    /**
     * Each family's log ratios of its engine decode rows under this fit, as the family deviation counts them: log(t0 /
     * memory over the measured time less the launches), t0 at ideal efficiency, of the engines fitted to at least
     * {@code minRows} rows of their own; a row whose launches outlast its measured time is left out.
     */
    Map<String, List<Double>> familyLogRatios(List<Validation.Prediction> ideal, Calibration base, int minRows) {
        Map<String, List<Double>> out = new TreeMap<>();
        for (EngineCalibration e : base.engines().values()) {
            EngineCalibration fitted = engines.get(e.key());
            // an engine that borrows another's figures, or keeps its own for want of rows, says nothing of a family
            if (!fitted.status().equals(BackendCalibration.FITTED) || rows.getOrDefault(e.key(), 0) < minRows) {
                continue;
            }
            for (Validation.Prediction p : ideal) {
                if (!decodeRowOf(p, base, e)) {
                    continue;
                }
                double rest = 1 / p.row().value()
                        - p.model().numLayers() * launchScale(p, base) * fitted.layerOverheadSeconds();
                if (rest > 0) {
                    out.computeIfAbsent(p.gpu().family(), k -> new ArrayList<>())
                            .add(Math.log(1 / p.predicted() / fitted.memory() / rest));
                }
            }
        }
        return out;
    }
}
