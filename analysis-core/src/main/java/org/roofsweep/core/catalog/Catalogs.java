package org.roofsweep.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.Sha256;
import org.roofsweep.core.hardware.HardwareCatalog;
import org.roofsweep.core.model.ModelCatalog;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Quantization;

/**
 * Everything loaded from a {@code configs/} folder: hardware, calibration, models, quantization formats, and a
 * SHA-256 over every JSON file read (so a result table records exactly which catalog produced it).
 */
public record Catalogs(Path root, HardwareCatalog hardware, ModelCatalog models, Quantization quantization,
        String hash) {

    /** Loads and validates every catalog; all problems of all files come in one {@link ConfigException}. */
    public static Catalogs load(Path configs) {
        Problems problems = new Problems();
        HardwareCatalog hw = null;
        ModelCatalog models = null;
        Quantization quant = null;
        try {
            hw = HardwareCatalog.load(configs);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        try {
            models = ModelCatalog.load(configs);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        try {
            quant = Quantization.load(configs);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        problems.throwIfAny();
        return new Catalogs(configs, hw, models, quant, Sha256.ofFiles(catalogFiles(configs)));
    }

    /** The catalog JSON files (sweeps and queries excluded), sorted. */
    static List<Path> catalogFiles(Path configs) {
        try (Stream<Path> s = Files.walk(configs)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !configs.relativize(p).startsWith("sweeps"))
                    .filter(p -> !configs.relativize(p).startsWith("queries"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * These catalogs with one more model (a {@code --hf-model} import) read from {@code file}: the file enters the
     * hash, so a table records that model too.
     */
    public Catalogs withModel(ModelSpec model, Path file) {
        return new Catalogs(root, hardware, models.with(model), quantization,
                Sha256.of(hash + ":" + model.key() + ":" + Sha256.ofFiles(List.of(file))));
    }
}
