package org.roofsweep.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.JsonText;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.StrictObject;
import org.roofsweep.core.hardware.CalibrationFile;
import org.roofsweep.core.validate.CalibrationRefit;
import org.roofsweep.core.validate.CalibrationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code calibrate}: refits the fitted figures of {@code <configs>/calibration.json} to measurement files (those
 * {@code validate --calibrate} prints, fitted to all the files' rows together) and reports the figures that differ;
 * {@code --write} writes them in place, through a temporary file renamed over the old one. No Spark.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Refit the fitted figures of calibration.json to the measurement files and list those that "
                + "differ from the file; --write writes them (each with a source naming its rows and files).")
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--measured", paramLabel = "FILE", split = ",",
            description = "measurement CSVs to fit, all together (default: every *.csv of <configs>/measurements)")
    private List<Path> measured;

    @Mixin
    private CatalogOptions catalog;

    @Option(names = "--write", description = "write the refitted figures into <configs>/calibration.json")
    private boolean write;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Catalogs catalogs = catalog.load();
        Path file = catalog.folder().resolve("calibration.json");
        List<Path> files = measured == null || measured.isEmpty()
                ? CalibrationRefit.shippedFiles(catalog.folder()) : measured;
        CalibrationRefit refit = CalibrationRefit.read(catalog.folder(), files, catalogs);
        JsonNode shipped = JsonFiles.read(file);
        JsonNode fitted = CalibrationWriter.refitted(shipped, refit);
        List<String> changed = CalibrationWriter.differences(shipped, fitted);
        out.println("fitted to " + String.join(", ", refit.byFile().keySet()) + ":");
        changed.forEach(c -> out.println("  " + c));
        if (changed.isEmpty()) {
            out.println(file.getFileName() + " is the fit of these rows: nothing to write");
        } else if (write) {
            String text = JsonText.write(fitted);
            // the written tree must read back as a calibration before it replaces the file
            JsonNode back = JsonFiles.parse(file.toString(), text);
            Problems problems = new Problems();
            CalibrationFile.read(StrictObject.root(file.toString(), back, problems), back);
            replace(file, text);
            out.println(changed.size() + " fields written to " + file);
        } else {
            out.println(changed.size() + " fields differ from the fit; ./submit.sh calibrate --write writes them");
        }
        out.flush();
        return 0;
    }

    /** Writes {@code text} beside {@code file} and renames it over {@code file}, so a reader never sees half. */
    private static void replace(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".calibration-", ".json.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
