package org.roofsweep.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;

/** The shipped catalogs, loaded once for all tests (tests run from the repository root). */
public final class TestCatalogs {
    public static final Path CONFIGS = Path.of("configs");
    public static final Catalogs CATALOGS = Catalogs.load(CONFIGS);

    private TestCatalogs() {
    }

    public static ModelSpec model(String key) {
        return CATALOGS.models().model(key).orElseThrow(() -> new AssertionError("no model " + key));
    }

    public static Platform platform(String spec) {
        return CATALOGS.hardware().platform(spec, 0).orElseThrow(() -> new AssertionError("no platform " + spec));
    }

    /** A platform with a given host memory in GiB. */
    public static Platform platform(String spec, double hostGib) {
        return CATALOGS.hardware().platform(spec, hostGib).orElseThrow();
    }

    /** A sweep config's text read as file {@code t.json} against the shipped catalogs. */
    public static SweepPlan sweep(String json) {
        return SweepConfigFile.parse("t.json", JsonFiles.parse("t.json", json), CATALOGS,
                SweepConfigFile.DEFAULT_MAX_POINTS, "hash");
    }

    /** A copy of the shipped {@code configs/} as {@code <tmp>/configs}, for tests that edit catalog files. */
    public static Path copyConfigs(Path tmp) throws IOException {
        Path dst = tmp.resolve("configs");
        try (Stream<Path> all = Files.walk(CONFIGS)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = dst.resolve(CONFIGS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }
}
