package org.roofsweep.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.hardware.HardwareCatalog;
import org.roofsweep.core.model.ModelCatalog;
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
        return new Catalogs(configs, hw, models, quant, hashOf(catalogFiles(configs)));
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

    /** SHA-256 over the relative names and contents of files, in order. */
    public static String hashOf(List<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
