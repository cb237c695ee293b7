package org.roofsweep.core.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Calibration;

/**
 * Out-of-sample errors: every row is predicted by a calibration fitted without its group, leave-one-GPU-out (the
 * group is the catalog GPU) and leave-one-source-out (the group is the page the row was read from). A group whose
 * backend then has no rows left predicts with the base calibration's entry for it. A vision path refits on the
 * image-encode rows a fold keeps, however few ({@link VisionCalibrator#refitHeldOut}).
 */
public final class CrossValidation {
    /** How rows are grouped for leaving out. */
    public enum Scheme {
        LEAVE_ONE_GPU_OUT("leave-one-gpu-out", Validation.Prediction::deviceKey),
        LEAVE_ONE_SOURCE_OUT("leave-one-source-out", p -> p.row().sourceUrl());

        private final String key;
        private final Function<Validation.Prediction, String> group;

        Scheme(String key, Function<Validation.Prediction, String> group) {
            this.key = key;
            this.group = group;
        }

        public String key() {
            return key;
        }
    }

    private CrossValidation() {
    }

    /** The held-out predictions of every row the validation predicts, in the order of the groups. */
    public static List<Validation.Prediction> run(List<MeasuredRow> rows, Catalogs c, Scheme scheme) {
        Calibration base = c.hardware().calibration();
        List<Validation.Prediction> ideal = Validation.run(rows, c, Calibrator.ideal(base)).predictions();
        Map<String, List<Validation.Prediction>> groups = new LinkedHashMap<>();
        ideal.forEach(p -> groups.computeIfAbsent(scheme.group.apply(p), k -> new ArrayList<>()).add(p));
        List<Validation.Prediction> out = new ArrayList<>();
        for (Map.Entry<String, List<Validation.Prediction>> g : groups.entrySet()) {
            List<Validation.Prediction> train = ideal.stream()
                    .filter(p -> !scheme.group.apply(p).equals(g.getKey())).toList();
            Calibration fitted = VisionCalibrator.refitHeldOut(train, g.getValue(),
                    Calibrator.fit(train, base).calibration());
            List<MeasuredRow> held = g.getValue().stream().map(Validation.Prediction::row).toList();
            out.addAll(Validation.run(held, c, fitted).predictions());
        }
        return out;
    }
}
