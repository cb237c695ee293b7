package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.roofsweep.core.Stats;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.BackendCalibration;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.VisionPath;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.roofline.VisionDevice;
import org.roofsweep.core.roofline.Roofline;
import org.roofsweep.core.systems.PowerInfer;

/**
 * Fits each backend's vision path, one parameter per backend: the compute factor of llama.cpp's CLIP/mtmd graph on
 * the backend's F16 matrix rate. Each image-encode row gives the factor at which the tower's roofline on the row's
 * device ({@link VisionDevice#of} at the otherwise fitted calibration, as the row's build runs it, its attention
 * fused or not: the backend's {@code f16_gemm} times the family deviation, or the CPU's F16 efficiency) equals the
 * measured time; the time falls monotonically as
 * the factor grows, so bisection finds it (ops that stay memory-bound do not move, which a ratio of times would
 * ignore). A backend's factor is the median over its rows where it has at least {@link Calibrator#MIN_BACKEND_ROWS};
 * otherwise the base calibration's entry stays. The regularisation is the median itself (one outlier of three rows
 * moves nothing) and the single parameter: no per-layer launch term is fitted, as no backend has rows enough to tell
 * it from the factor. A cross-validation fold refits a backend whose rows it holds out on the rows it keeps, however
 * few ({@link #refitHeldOut}).
 */
public final class VisionCalibrator {
    /** The bisection's steps (to 1e-12 relative) between {@link VisionPath#MIN_COMPUTE_FACTOR} and 1. */
    private static final int STEPS = 60;

    private VisionCalibrator() {
    }

    /** A backend's fitted vision path and how many image-encode rows support it. */
    public record Fit(Backend backend, VisionPath path, int rows) {
    }

    /** The base paths with every backend that has rows enough refitted, and those fits. */
    record Paths(Map<Backend, VisionPath> paths, List<Fit> fits) {
    }

    /**
     * Fits to the image-encode rows among {@code predictions}, given the calibration of every other part already
     * fitted ({@code fitted}, whose vision paths are the base's). The fork's own CLIP path (CPU graph, per-op GPU
     * products) is not the graph this prices, so {@code powerinfer} rows are left out; so are other engines.
     */
    static Paths fit(List<Validation.Prediction> predictions, Calibration fitted) {
        Map<Backend, List<Double>> factors = new EnumMap<>(Backend.class);
        for (Validation.Prediction p : predictions) {
            if (fitsThePath(p)) {
                factors.computeIfAbsent(p.backend(), k -> new ArrayList<>()).add(rowFactor(p, fitted));
            }
        }
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        paths.putAll(fitted.vision());
        List<Fit> fits = new ArrayList<>();
        factors.forEach((b, fs) -> {
            if (fs.size() >= Calibrator.MIN_BACKEND_ROWS) {
                VisionPath path = new VisionPath(Stats.median(fs.stream().mapToDouble(Double::doubleValue).toArray()),
                        BackendCalibration.FITTED);
                paths.put(b, path);
                fits.add(new Fit(b, path, fs.size()));
            }
        });
        return new Paths(paths, fits);
    }

    /**
     * A cross-validation fold's vision paths: each backend with image-encode rows among {@code held} refits on that
     * backend's rows in {@code train}, however few (the median of their factors at the fold's {@code fitted}
     * calibration), so no held-out row is predicted with a factor it helped fit. {@link #fit} asks
     * {@link Calibrator#MIN_BACKEND_ROWS} rows and otherwise keeps the base's entry, which in a fold is the shipped
     * factor fitted with the held-out rows among its own. A backend with no training rows left keeps the fold's entry
     * (as {@link CrossValidation} does for the language model's parts).
     */
    static Calibration refitHeldOut(List<Validation.Prediction> train, List<Validation.Prediction> held,
            Calibration fitted) {
        Map<Backend, List<Double>> factors = new EnumMap<>(Backend.class);
        held.stream().filter(VisionCalibrator::fitsThePath).forEach(p -> factors.put(p.backend(), new ArrayList<>()));
        for (Validation.Prediction p : train) {
            if (fitsThePath(p) && factors.containsKey(p.backend())) {
                factors.get(p.backend()).add(rowFactor(p, fitted));
            }
        }
        Map<Backend, VisionPath> paths = new EnumMap<>(Backend.class);
        paths.putAll(fitted.vision());
        factors.forEach((b, fs) -> {
            if (!fs.isEmpty()) {
                double factor = Stats.median(fs.stream().mapToDouble(Double::doubleValue).toArray());
                paths.put(b, new VisionPath(factor, BackendCalibration.FITTED));
            }
        });
        return fitted.withVision(paths);
    }

    /** An image-encode row of llama.cpp's CLIP/mtmd graph (not the fork's own CLIP path, not another engine). */
    private static boolean fitsThePath(Validation.Prediction p) {
        return p.vision() && p.engine().equals(Validation.LLAMA_CPP) && !p.system().equals(PowerInfer.NAME);
    }

    /**
     * The factor in [{@link VisionPath#MIN_COMPUTE_FACTOR}, 1] at which the row's vision time matches its
     * measurement: bisection in log space, clamped at the bounds when even they miss it.
     */
    static double rowFactor(Validation.Prediction p, Calibration fitted) {
        RequestShape r = RequestShape.of(p.workload(), fitted);
        // the row's build: its CLIP graph's attention fused or not, one graph per view or per image (RowBuild)
        Calibration built = RowBuild.of(p.row(), fitted);
        VisionDevice device = VisionDevice.of(p.workload().platform(), p.backend(), built);
        double measured = p.row().value() * Units.MILLISECOND;
        double lo = Math.log(VisionPath.MIN_COMPUTE_FACTOR);
        double hi = 0;
        if (Roofline.visionSeconds(r, device) >= measured) {
            return 1;
        }
        if (Roofline.visionSeconds(r, device.withComputeFactor(VisionPath.MIN_COMPUTE_FACTOR)) <= measured) {
            return VisionPath.MIN_COMPUTE_FACTOR;
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            boolean tooFast = Roofline.visionSeconds(r, device.withComputeFactor(Math.exp(mid))) < measured;
            if (tooFast) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }
}
