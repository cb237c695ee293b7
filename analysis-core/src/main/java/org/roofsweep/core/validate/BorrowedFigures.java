package org.roofsweep.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.roofsweep.core.hardware.BackendCalibration;

/**
 * The figures of {@code calibration.json} that a part without rows enough borrows from another backend, set to the
 * lender's value after a refit ({@link CalibrationWriter}); their sources, which say why they borrow, stay.
 */
final class BorrowedFigures {
    private static final String SOURCE = "source";
    private static final String VALUE = "value";
    /** The figures of a backend entry another backend's may be borrowed from, as paths in the entry. */
    private static final List<List<String>> BORROWABLE = List.of(List.of("memory"), List.of("launch_us_per_layer"),
            List.of("f16_gemm"), List.of("f16_gemm_pj_per_flop"), List.of("quantized_matmul", "compute"),
            List.of("quantized_matmul", "vector_ops_per_int8_op"));

    private BorrowedFigures() {
    }

    /**
     * A backend's figure whose source begins {@code borrowed from <backend>} (a part without rows enough, which takes
     * a backend's whose kernels it shares) gets that backend's value.
     */
    static void backends(ObjectNode root) {
        JsonNode backends = root.path("backends");
        backends.fields().forEachRemaining(b -> {
            for (List<String> path : BORROWABLE) {
                JsonNode figure = at(b.getValue(), path);
                JsonNode from = BackendCalibration.lenderIn(figure.path(SOURCE).asText(""))
                        .map(k -> at(backends.path(k), path).path(VALUE)).orElse(null);
                if (from != null && from.isNumber()) {
                    ((ObjectNode) figure).set(VALUE, from);
                }
            }
        });
    }

    /**
     * A vision path of status {@code borrowed:<backend>} gets that path's factor: run after the vision fits are
     * written, so that one refit leaves the file current.
     */
    static void vision(ObjectNode root) {
        JsonNode vision = root.path("vision");
        vision.fields().forEachRemaining(v -> {
            String status = v.getValue().path("calibration").asText("");
            JsonNode from = vision.path(status.substring(Math.min(status.length(),
                    BackendCalibration.BORROWED.length()))).path("compute").path(VALUE);
            if (status.startsWith(BackendCalibration.BORROWED) && from.isNumber()) {
                ((ObjectNode) v.getValue().path("compute")).set(VALUE, from);
            }
        });
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode n = node;
        for (String k : path) {
            n = n.path(k);
        }
        return n;
    }
}
