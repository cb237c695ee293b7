package org.roofsweep.core.validate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.EngineCalibration;
import org.roofsweep.core.systems.DenseGpu;

/**
 * Each other engine's decode kernels, fitted like a backend's (t = t0 / memory + L x launch, relative least squares,
 * {@link Calibrator#leastSquares}) to the single-GPU decode rows whose framework names it; an engine with fewer than
 * the minimum rows keeps the base's figures, and one {@code borrowed:<engine>} takes that engine's fit. {@code rows}:
 * the decode rows each engine's figures were fitted to, or would have been.
 */
record EngineFit(Map<String, EngineCalibration> engines, Map<String, Integer> rows) {
    EngineFit {
        engines = Map.copyOf(engines);
        rows = Map.copyOf(rows);
    }

    static EngineFit fit(List<Validation.Prediction> ideal, Calibration base, int minRows) {
        Map<String, EngineCalibration> out = new TreeMap<>(base.engines());
        Map<String, Integer> counts = new TreeMap<>();
        for (EngineCalibration e : base.engines().values()) {
            List<double[]> decode = ideal.stream()
                    .filter(p -> p.decode() && p.system().equals(DenseGpu.NAME) && !Calibrator.llamaCpp(p)
                            && base.engine(p.row().framework()).filter(x -> x.key().equals(e.key())).isPresent())
                    .map(p -> Calibrator.relative(1 / p.predicted(), p.model().numLayers(), 1 / p.row().value()))
                    .toList();
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
}
