package org.roofsweep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.roofsweep.core.catalog.Catalogs;

/**
 * Where the benchmarks find the repository's {@code configs/}: the system property {@code roofsweep.configs}, else
 * {@code configs} in the working directory (bench/run.sh runs from the repository root).
 */
public final class Configs {
    private Configs() {
    }

    public static Path dir() {
        Path p = Path.of(System.getProperty("roofsweep.configs", "configs"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no catalog folder " + p.toAbsolutePath()
                    + ": run from the repository root or pass -Droofsweep.configs=DIR");
        }
        return p;
    }

    public static Catalogs catalogs() {
        return Catalogs.load(dir());
    }
}
