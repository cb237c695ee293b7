package org.roofsweep.core.hardware;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective memory bandwidth of a host CPU and its memory: what many threads streaming reads reach, the figure a
 * CPU-side decode (llama.cpp's matrix-vector products over weights in host memory) is bound by. It is the rated
 * bandwidth (channels x 8 bytes x MT/s) times an efficiency: the CPU's own STREAM-like measurement divided by the
 * rating at the memory speed it was measured with, else the median of that ratio over the measured CPUs of its
 * memory-controller {@link Family} ({@code fitted:<family>}, from at least two measured parts), else (a family without measurements) its lender's
 * ({@code borrowed:<family>}), else the rating ({@code uncalibrated}). One figure per CPU, so a named platform and a {@code gpu+cpu} pair of the same parts agree;
 * a platform file may state slower installed memory or its own measurement.
 */
public final class HostBandwidth {
    /** The basis of a CPU with its own measurement. */
    public static final String MEASURED = "measured";
    /** The basis where no CPU of the family or its lender is measured: the rating itself, efficiency 1. */
    public static final String UNCALIBRATED = "uncalibrated";
    /**
     * Measured CPUs a family needs before its own median stands for it: one part (Strix Halo, capped by its SoC
     * fabric) does not speak for every CPU of its kind, so a family with fewer borrows its lender's.
     */
    static final int MIN_FAMILY_CPUS = 2;

    /** How a CPU's memory controllers are organised; the efficiency of streaming reads is shared within a family. */
    public enum Family {
        /** Client parts on one or two channels of DIMMs (DDR4/DDR5). */
        DUAL_CHANNEL,
        /**
         * Workstation and server parts: four to twelve channels of DIMMs, often over several dies and NUMA nodes;
         * without measurements they borrow the dual-channel efficiency (the same DIMMs and controllers per channel).
         */
        MANY_CHANNEL,
        /**
         * Soldered LPDDR of a system-on-chip (Meteor Lake, Lunar Lake, Strix Halo), shared with the iGPU: the CPU
         * cores reach memory through the SoC fabric, which can cap them well below the DRAM rating.
         */
        SOLDERED_LPDDR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The family whose efficiency a family without measurements takes. */
        Family lender() {
            return DUAL_CHANNEL;
        }

        public static Family of(Cpu cpu) {
            if (cpu.memoryType().toUpperCase(Locale.ROOT).startsWith("LPDDR")) {
                return SOLDERED_LPDDR;
            }
            return cpu.memoryChannels() <= 2 ? DUAL_CHANNEL : MANY_CHANNEL;
        }
    }

    /** A family's efficiency, its basis ({@code fitted:<family>} or {@code borrowed:<lender>}) and CPUs behind it. */
    public record FamilyEfficiency(Family family, double efficiency, String basis, int cpus) {
    }

    private HostBandwidth() {
    }

    /**
     * A CPU's own efficiency: measured bytes/s over its rating scaled to the memory speed of the measurement
     * (bandwidth is proportional to MT/s at a fixed channel count); NaN without a measurement.
     */
    public static double ownEfficiency(Cpu cpu) {
        double rated = cpu.bandwidthBytesPerSecond() * cpu.measuredAtMtPerSecond() / cpu.memorySpeedMtPerSecond();
        return cpu.measuredBandwidthBytesPerSecond() / rated;
    }

    /** The family efficiencies fitted over the measured CPUs: the median own efficiency per family. */
    public static Map<Family, FamilyEfficiency> fit(Collection<Cpu> cpus) {
        Map<Family, List<Double>> byFamily = new EnumMap<>(Family.class);
        for (Cpu c : cpus) {
            double e = ownEfficiency(c);
            if (!Double.isNaN(e)) {
                byFamily.computeIfAbsent(Family.of(c), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Family, FamilyEfficiency> out = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            List<Double> own = byFamily.getOrDefault(f, List.of());
            List<Double> lent = byFamily.getOrDefault(f.lender(), List.of());
            if (lent.size() < MIN_FAMILY_CPUS) {
                lent = List.of();
            }
            if (own.size() >= MIN_FAMILY_CPUS) {
                out.put(f, new FamilyEfficiency(f, median(own), "fitted:" + f.key(), own.size()));
            } else if (!lent.isEmpty()) {
                out.put(f, new FamilyEfficiency(f, median(lent), "borrowed:" + f.lender().key(), 0));
            } else {
                out.put(f, new FamilyEfficiency(f, 1, UNCALIBRATED, 0));
            }
        }
        return out;
    }

    /** Every CPU with its effective bandwidth and its basis ({@code measured} or its family's basis). */
    public static Map<String, Cpu> apply(Map<String, Cpu> cpus) {
        Map<Family, FamilyEfficiency> fit = fit(cpus.values());
        Map<String, Cpu> out = new LinkedHashMap<>();
        cpus.forEach((k, c) -> {
            double own = ownEfficiency(c);
            FamilyEfficiency f = fit.get(Family.of(c));
            out.put(k, Double.isNaN(own) ? c.withEffectiveBandwidth(c.bandwidthBytesPerSecond() * f.efficiency(),
                    f.basis()) : c.withEffectiveBandwidth(c.bandwidthBytesPerSecond() * own, MEASURED));
        });
        return out;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
