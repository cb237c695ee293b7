package org.roofsweep.core.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.hardware.Calibration;

/**
 * The calibration refitted to a set of measurement files: {@link Calibrator#fit} over the rows of all of them
 * together ({@code fit}), and over each file's rows alone ({@code byFile}, by the file's name), which tells which
 * files hold the rows behind a figure. Each file's rows are predicted once, at ideal efficiency, for both.
 */
public record CalibrationRefit(Calibrator.Fit fit, Map<String, Calibrator.Fit> byFile) {
    /** The folder of a catalog folder that holds the shipped measurement files. */
    public static final String MEASUREMENTS = "measurements";

    public CalibrationRefit {
        byFile = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byFile));
    }

    /** Refits to {@code files}' rows (by file name, in the order given) at the base calibration of {@code c}. */
    public static CalibrationRefit of(Map<String, List<MeasuredRow>> files, Catalogs c) {
        Calibration base = c.hardware().calibration();
        Calibration ideal = Calibrator.ideal(base);
        List<Validation.Prediction> all = new ArrayList<>();
        Map<String, Calibrator.Fit> byFile = new LinkedHashMap<>();
        files.forEach((name, rows) -> {
            List<Validation.Prediction> ps = Validation.run(rows, c, ideal).predictions();
            all.addAll(ps);
            byFile.put(name, Calibrator.fit(ps, base));
        });
        return new CalibrationRefit(Calibrator.fit(all, base), byFile);
    }

    /** Reads every file of {@code paths} ({@link MeasuredCsv}) and refits, each named by {@link #name}. */
    public static CalibrationRefit read(Path configs, List<Path> paths, Catalogs c) {
        Map<String, List<MeasuredRow>> files = new TreeMap<>();
        for (Path p : paths) {
            files.put(name(configs, p), MeasuredCsv.read(p));
        }
        return of(files, c);
    }

    /** The shipped measurement files: every {@code *.csv} of {@code <configs>/measurements}, sorted by name. */
    public static List<Path> shippedFiles(Path configs) {
        Path dir = configs.resolve(MEASUREMENTS);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": folder not found (the measurement files to fit)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list: " + e.getMessage());
        }
    }

    /**
     * How a source text names a measurement file: its path from the folder that holds the catalog folder
     * ({@code configs/measurements/measured.csv}) where it lies below that folder, else its file name alone, so that
     * no text depends on where the project is checked out.
     */
    public static String name(Path configs, Path file) {
        Path parent = configs.toAbsolutePath().normalize().getParent();
        Path f = file.toAbsolutePath().normalize();
        Path named = parent != null && f.startsWith(parent) ? parent.relativize(f) : f.getFileName();
        return named.toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * The files holding rows behind a figure, those whose own fit counts {@code rows} of it above 0, joined by
     * {@code ", "}; all files where none does alone (each holds fewer rows than a fit needs).
     */
    public String files(ToIntFunction<Calibrator.Fit> rows) {
        List<String> named = byFile.entrySet().stream().filter(e -> rows.applyAsInt(e.getValue()) > 0)
                .map(Map.Entry::getKey).toList();
        return String.join(", ", named.isEmpty() ? byFile.keySet() : named);
    }
}
