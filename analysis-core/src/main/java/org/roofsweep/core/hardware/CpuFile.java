package org.roofsweep.core.hardware;

import org.roofsweep.core.Units;
import org.roofsweep.core.config.StrictObject;

/** Reads one {@code configs/hardware/cpus/<key>.json} (schema in configs/hardware/README.md). */
public final class CpuFile {
    /** The largest memory bandwidth a CPU's rating or measurement states, GB/s. */
    private static final double MAX_BANDWIDTH_GB_S = 2000;

    private CpuFile() {
    }

    public static Cpu read(StrictObject o) {
        String key = o.text("key");
        String name = o.text("name");
        String vendor = o.text("vendor");
        String arch = o.text("architecture");
        double cores = o.figure("cores", 1, 1024);
        double threads = o.figure("threads", 1, 4096);
        String memoryType = o.text("memory_type");
        double channels = o.figure("memory_channels", 1, 24);
        double speed = o.figure("memory_speed_mt_per_s", Platform.MIN_MEMORY_SPEED_MT_S,
                Platform.MAX_MEMORY_SPEED_MT_S);
        double bandwidth = o.figure("memory_bandwidth_gb_per_s", 1, MAX_BANDWIDTH_GB_S) * Units.GIGA;
        double maxMemory = o.figure("max_memory_gib", Platform.MIN_HOST_MEMORY_GIB, Platform.MAX_HOST_MEMORY_GIB)
                * Units.GIB;
        String isa = o.text("vector_isa");
        double fp32 = Double.NaN;
        double fp16 = Double.NaN;
        double int8 = Double.NaN;
        StrictObject p = o.object("peak_tflops");
        if (p != null) {
            fp32 = p.figure("fp32", 0.001, 1000) * Units.TERA;
            fp16 = p.figure("fp16", 0.001, 1000) * Units.TERA;
            int8 = p.figure("int8", 0.001, 4000) * Units.TERA;
            p.finish();
        }
        double tdp = o.figure("tdp_w", 1, 2000);
        // a hybrid part's P-cores and their share of the FP32 peak: llama.cpp's default threads (Cpu.defaultThreads)
        double pCores = cores;
        double pFp32 = fp32;
        if (o.has("performance_cores")) {
            pCores = o.knownFigure("performance_cores", 1, 1024);
            pFp32 = o.knownFigure("performance_core_fp32_tflops", 0.001, 1000) * Units.TERA;
            if (pCores > cores) {
                o.problem("performance_cores", "more P-cores (" + (int) pCores + ") than cores (" + (int) cores + ")");
            } else if (pFp32 > fp32) {
                o.problem("performance_core_fp32_tflops", "above the whole part's FP32 peak");
            } else if (pCores == cores) {
                o.problem("performance_cores", "a part whose cores are all P-cores states no performance_cores");
            }
        }
        double measured = Double.NaN;
        double measuredAt = Double.NaN;
        StrictObject m = o.optionalObject("measured_bandwidth");
        if (m != null) {
            measured = m.knownFigure("gb_per_s", 1, MAX_BANDWIDTH_GB_S) * Units.GIGA;
            measuredAt = m.knownFigure("memory_speed_mt_per_s", Platform.MIN_MEMORY_SPEED_MT_S,
                    Platform.MAX_MEMORY_SPEED_MT_S);
            m.text("benchmark");
            m.finish();
        }
        o.optionalText("notes", "");
        o.finish();
        if (Double.isNaN(bandwidth)) {
            o.problem("memory_bandwidth_gb_per_s", "a CPU needs a known memory bandwidth");
        }
        if (Double.isNaN(fp32)) {
            o.problem("peak_tflops.fp32", "a CPU needs a known FP32 peak");
        }
        if (Double.isNaN(cores)) {
            o.problem("cores", "a CPU needs a known core count (llama.cpp's default threads follow it)");
        }
        int c = (int) Math.max(1, nanToZero(cores));
        int pc = (int) Math.max(1, Math.min(c, nanToZero(pCores)));
        return new Cpu(key, name, vendor, arch, c, (int) nanToZero(threads), memoryType,
                (int) nanToZero(channels), speed, bandwidth, maxMemory, isa, fp32, fp16, int8, tdp, pc, pFp32, measured,
                measuredAt, bandwidth, "rated", pc, o.sources());
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }
}
