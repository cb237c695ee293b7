package org.roofsweep.jobs.cli;

import java.nio.file.Path;
import org.roofsweep.core.catalog.Catalogs;
import picocli.CommandLine.Option;

/** The {@code --configs} option of every command that reads the catalog: a picocli mixin, declared once. */
public final class CatalogOptions {
    @Option(names = "--configs", paramLabel = "DIR", defaultValue = "configs",
            description = "catalog folder: hardware, models, quantization formats, calibration (default: "
                    + "${DEFAULT-VALUE})")
    private Path configs;

    /** The catalog folder. */
    public Path folder() {
        return configs;
    }

    /** Loads and validates the catalogs of the folder. */
    public Catalogs load() {
        return Catalogs.load(configs);
    }
}
