package org.roofsweep.core.hardware;

import java.util.List;
import java.util.Locale;
import org.roofsweep.core.Units;
import org.roofsweep.core.config.StrictObject;

/** Reads one {@code configs/hardware/gpus/<key>.json} (schema in configs/hardware/README.md). */
public final class GpuFile {
    public static final List<String> FAMILIES = List.of("kepler", "maxwell", "pascal", "volta", "turing",
            "ampere_geforce", "ampere_pro", "ampere_datacenter", "ada_geforce", "ada_pro", "hopper",
            "blackwell_geforce", "blackwell_pro", "blackwell_datacenter", "nvidia_soc", "cdna", "rdna", "intel_arc",
            "intel_battlemage", "intel_xe_hpc", "intel_soc", "apple_gpu");
    /** The vendors whose GPUs have a default runtime backend ({@link Backend#forVendor}). */
    public static final List<String> VENDORS = List.of("nvidia", "amd", "apple", "intel");
    private static final List<String> LINKS = List.of("pcie", "unified", "nvlink_c2c");
    /** Bounds that catch unit slips (GB for GiB, GB/s for TB/s) without excluding any real part. */
    private static final double MAX_MEMORY_GIB = 1024;
    private static final double MAX_BANDWIDTH_GB_S = 20_000;
    private static final double MAX_TFLOPS = 100_000;
    private static final double MAX_COMPUTE_UNITS = 10_000;

    private GpuFile() {
    }

    public static Gpu read(StrictObject o) {
        String key = o.text("key");
        String name = o.text("name");
        List<String> aliases = o.textList("aliases", false);
        String vendor = o.choice("vendor", VENDORS);
        String arch = o.text("architecture");
        String family = o.choice("family", FAMILIES);
        double memory = o.figure("memory_gib", 0.5, MAX_MEMORY_GIB) * Units.GIB;
        double bandwidth = o.figure("memory_bandwidth_gb_per_s", 1, MAX_BANDWIDTH_GB_S) * Units.GIGA;
        PeakThroughput peak = PeakThroughput.NONE;
        StrictObject p = o.object("peak_tflops");
        if (p != null) {
            peak = new PeakThroughput(tflops(p, "fp32"), tflops(p, "fp16"), tflops(p, "bf16"), tflops(p, "fp8"),
                    tflops(p, "int8"), tflops(p, "int4"), p.has("fp16_acc16") ? tflops(p, "fp16_acc16") : Double.NaN);
            p.finish();
        }
        CoreClock cores = cores(o);
        HostLink link = new HostLink(HostLink.Kind.PCIE, 0, 0, Double.NaN);
        StrictObject l = o.object("host_link");
        if (l != null) {
            String kind = l.choice("kind", LINKS);
            int gen = l.optionalInteger("generation", 1, 7, 0);
            int lanes = l.optionalInteger("lanes", 1, 32, 0);
            double gbps = l.figure("gb_per_s", 0.1, 2000) * Units.GIGA;
            l.finish();
            HostLink.Kind k = LINKS.contains(kind) ? HostLink.Kind.valueOf(kind.toUpperCase(Locale.ROOT))
                    : HostLink.Kind.PCIE;
            if (k != HostLink.Kind.UNIFIED && Double.isNaN(gbps)) {
                l.problem("gb_per_s", "a discrete card needs a known link bandwidth");
            }
            link = new HostLink(k, gen, lanes, gbps);
        }
        double tdp = o.figure("tdp_w", 1, 5000);
        double price = o.figure("launch_price_usd", 1, 1_000_000);
        o.optionalText("notes", "");
        o.finish();
        if (Double.isNaN(memory)) {
            o.problem("memory_gib", "memory size must be known");
        }
        return new Gpu(key, name, aliases, vendor, arch, family, memory, bandwidth, peak, link, tdp, price,
                o.sources(), cores);
    }

    /**
     * The optional {@code compute_units} (SMs, CUs, Xe-cores, a whole count) and {@code boost_clock_mhz}, each on its
     * own (a card whose sources disagree on its units may still state its clock); {@link CoreClock#NONE} where both are
     * absent.
     */
    private static CoreClock cores(StrictObject o) {
        double count = o.has("compute_units") ? o.knownFigure("compute_units", 1, MAX_COMPUTE_UNITS) : Double.NaN;
        double mhz = o.has("boost_clock_mhz") ? o.knownFigure("boost_clock_mhz", CoreClock.MIN_CLOCK_MHZ,
                CoreClock.MAX_CLOCK_MHZ)
                : Double.NaN;
        int units = 0;
        if (!Double.isNaN(count)) {
            if (count == Math.rint(count)) {
                units = (int) count;
            } else {
                o.problem("compute_units", "a whole count of units, found " + count);
            }
        }
        return new CoreClock(units, mhz * Units.MEGA);
    }

    private static double tflops(StrictObject p, String field) {
        return p.figure(field, 0.001, MAX_TFLOPS) * Units.TERA;
    }
}
