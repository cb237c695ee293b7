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
            runtime = runtime(r);
            r.finish();
        }
        o.optionalText("notes", "");
        o.finish();
        o.problems().throwIfAny();
        return new Calibration(families, cpu, runtime);
    }

    /** The runtime constants, or null when one is missing or bad (the problem is then recorded). */
    private static RuntimeConstants runtime(StrictObject r) {
        double reserved = r.knownFigure("gpu_reserved_gib", 0, 16) * Units.GIB;
        double linkEfficiency = r.knownFigure("link_efficiency", 0.01, 1);
        double latency = r.knownFigure("link_latency_us", 0, 10_000) * Units.MICROSECOND;
        double sparseEfficiency = r.knownFigure("sparse_kernel_efficiency", 0.01, 1);
        int rank = wholeFigure(r, "predictor_rank", 100_000);
        int denseThreshold = wholeFigure(r, "sparse_dense_threshold_tokens", 1_000_000);
        int block = wholeFigure(r, "cpu_sparse_block_tokens", 4096);
        int offloadMin = wholeFigure(r, "offload_min_batch_tokens", 1_000_000);
        int ubatch = wholeFigure(r, "ubatch_tokens", 1_000_000);
        double forkGpu = r.knownFigure("fork_gpu_sparse_efficiency", 0.01, 1);
        double idealGpu = r.knownFigure("ideal_gpu_sparse_efficiency", 0.01, 1);
        double reread = r.knownFigure("cache_reread_bandwidth_ratio", 1, 100);
        double vision = r.knownFigure("vision_compute_factor", 0.001, 1);
        boolean known = !Double.isNaN(reserved + linkEfficiency + latency + sparseEfficiency + forkGpu + idealGpu
                + reread + vision)
                && Math.min(Math.min(rank, denseThreshold), Math.min(Math.min(block, offloadMin), ubatch)) > 0;
        return known ? new RuntimeConstants(reserved, linkEfficiency, latency, sparseEfficiency, rank, denseThreshold,
                block, offloadMin, ubatch, forkGpu, idealGpu, reread, vision) : null;
    }

    /** A whole-number figure in [1, max]; 0 (and a problem) when missing, null, fractional or out of range. */
    private static int wholeFigure(StrictObject r, String field, int max) {
        double v = r.knownFigure(field, 1, max);
        if (Double.isNaN(v)) {
            return 0;
        }
        if (v != Math.rint(v)) {
            r.problem(field + ".value", "expected a whole number, found " + v);
            return 0;
        }
        return (int) v;
    }

    private static Efficiency efficiency(StrictObject e) {
        if (e == null) {
            return null;
        }
        double memory = e.knownFigure("memory", 0.01, 1);
        double compute = e.knownFigure("compute", 0.01, 1);
        double overhead = e.knownFigure("layer_overhead_us", 0, 10_000) * Units.MICROSECOND;
        e.finish();
        return Double.isNaN(memory) || Double.isNaN(compute) || Double.isNaN(overhead) ? null
                : new Efficiency(memory, compute, overhead);
    }
}
