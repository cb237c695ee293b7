package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.roofsweep.core.Units;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.StrictObject;
import org.roofsweep.core.config.Suggest;

/**
 * The GPUs, CPUs and named platforms of {@code configs/hardware/}, with the calibration of {@code
 * configs/calibration.json}. Loading validates every file and throws one {@link ConfigException} listing every problem
 * of every file.
 */
public record HardwareCatalog(Map<String, Gpu> gpus, Map<String, Cpu> cpus, Map<String, Platform> platforms,
        Calibration calibration) {

    public HardwareCatalog {
        gpus = Collections.unmodifiableMap(new LinkedHashMap<>(gpus));
        cpus = Collections.unmodifiableMap(new LinkedHashMap<>(cpus));
        platforms = Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
    }

    /** Loads {@code <configs>/hardware/{gpus,cpus,platforms}} and {@code <configs>/calibration.json}. */
    public static HardwareCatalog load(Path configs) {
        Path hw = configs.resolve("hardware");
        Problems problems = new Problems();
        Map<String, Gpu> gpus = readAll(hw.resolve("gpus"), GpuFile::read, Gpu::key, problems);
        Map<String, Cpu> cpus = HostBandwidth.apply(readAll(hw.resolve("cpus"), CpuFile::read, Cpu::key, problems));
        Map<String, Platform> platforms = new LinkedHashMap<>();
        Path platformDir = hw.resolve("platforms");
        if (platformDir.toFile().isDirectory()) {
            for (Path f : JsonFiles.jsonFilesIn(platformDir)) {
                Platform p = readPlatform(f, gpus, cpus, problems);
                if (p != null) {
                    platforms.put(p.key(), p);
                }
            }
        }
        Path calibrationFile = configs.resolve("calibration.json");
        Calibration calibration = null;
        try {
            JsonNode root = JsonFiles.read(calibrationFile);
            calibration = CalibrationFile.read(StrictObject.root(calibrationFile.toString(), root, new Problems()), root);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        if (calibration != null) {
            for (Gpu g : gpus.values()) {
                Optional<Backend> b = GpuFile.VENDORS.contains(g.vendor()) ? Optional.of(Backend.forVendor(g.vendor()))
                        : Optional.empty();
                if (b.isPresent() && !calibration.backends().containsKey(b.get())) {
                    problems.add(calibrationFile.toString(), "$.backends",
                            "no efficiency for backend \"" + b.get().key() + "\" used by GPU " + g.key());
                }
            }
        }
        problems.throwIfAny();
        return new HardwareCatalog(gpus, cpus, platforms, calibration);
    }

    /** Reads every file of a folder; a file's key must equal its name. */
    static <T> Map<String, T> readAll(Path dir, Function<StrictObject, T> reader, Function<T, String> key,
            Problems problems) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Path f : JsonFiles.jsonFilesIn(dir)) {
            String file = f.toString();
            Problems p = new Problems();
            try {
                JsonNode root = JsonFiles.read(f);
                T value = reader.apply(StrictObject.root(file, root, p));
                String expected = f.getFileName().toString().replaceFirst("\\.json$", "");
                if (p.isEmpty() && !key.apply(value).equals(expected)) {
                    p.add(file, "$.key", "key \"" + key.apply(value) + "\" must equal the file name \"" + expected
                            + "\"");
                }
                if (p.isEmpty()) {
                    out.put(key.apply(value), value);
                }
            } catch (ConfigException e) {
                e.problems().forEach(p::add);
            }
            problems.addAll(p);
        }
        return out;
    }

    private static Platform readPlatform(Path f, Map<String, Gpu> gpus, Map<String, Cpu> cpus, Problems problems) {
        String file = f.toString();
        Problems p = new Problems();
        try {
            StrictObject o = StrictObject.root(file, JsonFiles.read(f), p);
            String key = o.text("key");
            o.text("name");
            String gpuKey = o.text("gpu");
            String cpuKey = o.text("cpu");
            double memory = o.figure("host_memory_gib", Platform.MIN_HOST_MEMORY_GIB, Platform.MAX_HOST_MEMORY_GIB)
                    * Units.GIB;
            double bandwidth = o.has("memory_bandwidth_gb_per_s")
                    ? o.knownFigure("memory_bandwidth_gb_per_s", Platform.MIN_HOST_BANDWIDTH_GB_S,
                            Platform.MAX_HOST_BANDWIDTH_GB_S) * Units.GIGA
                    : Double.NaN;
            double installed = o.has("memory_speed_mt_per_s")
                    ? o.knownFigure("memory_speed_mt_per_s", Platform.MIN_MEMORY_SPEED_MT_S,
                            Platform.MAX_MEMORY_SPEED_MT_S)
                    : Double.NaN;
            o.optionalText("notes", "");
            o.finish();
            if (!Double.isNaN(bandwidth) && !Double.isNaN(installed)) {
                o.problem("memory_speed_mt_per_s", "state either the installed memory speed or a measured "
                        + "memory_bandwidth_gb_per_s, not both");
            }
            Gpu gpu = gpus.get(gpuKey);
            Cpu cpu = cpus.get(cpuKey);
            if (!gpuKey.isEmpty() && gpu == null) {
                o.problem("gpu", Suggest.unknown("gpu", gpuKey, gpus.keySet()));
            }
            if (!cpuKey.isEmpty() && cpu == null) {
                o.problem("cpu", Suggest.unknown("cpu", cpuKey, cpus.keySet()));
            }
            problems.addAll(p);
            if (!p.isEmpty()) {
                return null;
            }
            // A measurement of this machine wins; else the CPU's effective figure at the installed memory speed.
            double effective = !Double.isNaN(bandwidth) ? bandwidth
                    : !Double.isNaN(installed) ? cpu.effectiveBandwidthAt(installed)
                    : cpu.effectiveBandwidthBytesPerSecond();
            return new Platform(key, gpu, cpu, memory, effective);
        } catch (ConfigException e) {
            problems.addAll(p);
            e.problems().forEach(problems::add);
            return null;
        }
    }

    public Optional<Gpu> gpu(String key) {
        return Optional.ofNullable(gpus.get(key));
    }

    public Optional<Cpu> cpu(String key) {
        return Optional.ofNullable(cpus.get(key));
    }

    /** A GPU by key or by one of its aliases (case-insensitive), e.g. for measurement rows without a key. */
    public Optional<Gpu> gpuByName(String name) {
        Gpu byKey = gpus.get(name);
        if (byKey != null) {
            return Optional.of(byKey);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return gpus.values().stream()
                .filter(g -> g.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n)))
                .findFirst();
    }

    /**
     * A platform from a sweep's axis value: a named platform ({@code pc_high}) or a pair {@code gpu+cpu} at the CPU's
     * effective memory bandwidth ({@link HostBandwidth}); {@code hostMemoryGib} overrides the host memory when positive. Empty when unknown.
     */
    public Optional<Platform> platform(String spec, double hostMemoryGib) {
        Platform p = platforms.get(spec);
        if (p == null) {
            int plus = spec.indexOf('+');
            if (plus < 0) {
                return Optional.empty();
            }
            Gpu g = gpus.get(spec.substring(0, plus));
            Cpu c = cpus.get(spec.substring(plus + 1));
            if (g == null || c == null) {
                return Optional.empty();
            }
            p = Platform.of(g, c, c.maxMemoryBytes());
        }
        return Optional.of(hostMemoryGib > 0 ? p.withHostMemory(hostMemoryGib * Units.GIB) : p);
    }

    /** Why a platform spec is unknown, naming the closest known names. */
    public String unknownPlatform(String spec) {
        int plus = spec.indexOf('+');
        if (plus < 0) {
            return Suggest.unknown("platform", spec, platforms.keySet())
                    + "; or write a pair gpu+cpu, e.g. rtx4090+i9_13900k";
        }
        String g = spec.substring(0, plus);
        String c = spec.substring(plus + 1);
        if (!gpus.containsKey(g)) {
            return Suggest.unknown("gpu", g, gpus.keySet());
        }
        return Suggest.unknown("cpu", c, cpus.keySet());
    }
}
