package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.roofsweep.core.Units;
import org.roofsweep.core.config.StrictObject;

/** Reads {@code configs/calibration.json}: efficiency per GPU family, for host CPUs, and runtime constants. */
public final class CalibrationFile {
    private CalibrationFile() {
    }

    public static Calibration read(StrictObject o, JsonNode root) {
        Map<String, Efficiency> families = new LinkedHashMap<>();
        StrictObject fam = o.object("families");
        if (fam != null) {
            JsonNode node = root.get("families");
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!GpuFile.FAMILIES.contains(name)) {
                    fam.problem(name, "unknown GPU family (expected one of " + GpuFile.FAMILIES + ")");
                    fam.object(name);
                    continue;
                }
                Efficiency e = efficiency(fam.object(name));
                if (e != null) {
                    families.put(name, e);
                }
            }
            fam.finish();
        }
        Efficiency cpu = efficiency(o.object("cpu"));
        RuntimeConstants runtime = null;
        StrictObject r = o.object("runtime");
        if (r != null) {
            runtime = new RuntimeConstants(
                    r.figure("gpu_reserved_gib", 0, 16) * Units.GIB,
                    r.figure("link_efficiency", 0.01, 1),
                    r.figure("link_latency_us", 0, 10_000) * Units.MICROSECOND,
                    r.figure("sparse_kernel_efficiency", 0.01, 1),
                    (int) r.figure("predictor_rank", 1, 100_000),
                    (int) r.figure("sparse_dense_threshold_tokens", 1, 1_000_000),
                    (int) r.figure("cpu_sparse_block_tokens", 1, 4096),
                    (int) r.figure("offload_min_batch_tokens", 1, 1_000_000),
                    (int) r.figure("ubatch_tokens", 1, 1_000_000));
            r.finish();
        }
        o.optionalText("notes", "");
        o.finish();
        o.problems().throwIfAny();
        return new Calibration(families, cpu, runtime);
    }

    private static Efficiency efficiency(StrictObject e) {
        if (e == null) {
            return null;
        }
        double memory = e.figure("memory", 0.01, 1);
        double compute = e.figure("compute", 0.01, 1);
        double overhead = e.figure("layer_overhead_us", 0, 10_000) * Units.MICROSECOND;
        e.finish();
        return Double.isNaN(memory) || Double.isNaN(compute) || Double.isNaN(overhead) ? null
                : new Efficiency(memory, compute, overhead);
    }
}
