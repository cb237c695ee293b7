package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.JsonText;

/**
 * The shipped {@code configs/calibration.json} is the fit of the shipped measurement files: every fitted figure,
 * written at the decimals the file states it in (efficiencies and factors 0.001, launch costs 0.1 us, the CPU's layer
 * cost 0.01 us, the streaming cap 0.0001), and every generated source (its rows and files) is what
 * {@code ./submit.sh calibrate --write} writes from {@code configs/measurements/*.csv} today. A change to the physics
 * or to the rows that moves a figure past its last decimal fails here until the file is rewritten.
 */
class ShippedCalibrationTest {
    private static final Path FILE = TestCatalogs.CONFIGS.resolve("calibration.json");
    private static final CalibrationRefit REFIT = CalibrationRefit.read(TestCatalogs.CONFIGS,
            CalibrationRefit.shippedFiles(TestCatalogs.CONFIGS), TestCatalogs.CATALOGS);

    @Test
    void shippedCalibrationIsTheFitOfTheShippedMeasurements() throws IOException {
        JsonNode shipped = JsonFiles.read(FILE);
        JsonNode fitted = CalibrationWriter.refitted(shipped, REFIT);
        List<String> stale = CalibrationWriter.differences(shipped, fitted);
        assertTrue(stale.isEmpty(), "configs/calibration.json is not the fit of configs/measurements/*.csv: run "
                + "./submit.sh calibrate --write (then the tests and README figures that move with it); "
                + stale.size() + " fields differ:\n  " + String.join("\n  ", stale));
        assertEquals(Files.readString(FILE, StandardCharsets.UTF_8), JsonText.write(fitted),
                "the figures agree but the file's layout is not the one ./submit.sh calibrate --write writes");
    }

    @Test
    void theShippedFilesAreNamedFromTheProjectRoot() {
        assertEquals(List.of("configs/measurements/image-encode.csv", "configs/measurements/measured-extra.csv",
                "configs/measurements/measured.csv"), List.copyOf(REFIT.byFile().keySet()));
    }

    @Test
    void aHandWrittenSourceMovesToItsBasisKeptFiguresStayAndBorrowedOnesFollow() {
        ObjectNode shipped = (ObjectNode) JsonFiles.read(FILE);
        ObjectNode edited = shipped.deepCopy();
        ObjectNode memory = (ObjectNode) edited.path("backends").path("cuda").path("memory");
        memory.put("source", "a hand-written reason");
        memory.remove("basis");
        // a kept figure (one cpu-only F16 prompt row, fewer than a fit needs) with another value: left alone
        ((ObjectNode) edited.path("cpu").path("compute")).put("value", 0.4);
        // a figure borrowed from CUDA (ROCm has no F16 prompt row): CUDA's value again
        ((ObjectNode) edited.path("backends").path("rocm").path("f16_gemm")).put("value", 0.5);
        JsonNode fitted = CalibrationWriter.refitted(edited, REFIT);
        JsonNode cuda = fitted.path("backends").path("cuda").path("memory");
        assertEquals(shipped.path("backends").path("cuda").path("memory").path("source"), cuda.path("source"));
        assertEquals("a hand-written reason", cuda.path("basis").asText());
        assertEquals(0.4, fitted.path("cpu").path("compute").path("value").asDouble());
        assertEquals(shipped.path("backends").path("cuda").path("f16_gemm").path("value"),
                fitted.path("backends").path("rocm").path("f16_gemm").path("value"));
        assertEquals(shipped.path("runtime"), fitted.path("runtime"));
        // the edits are all the fit writes over: the source regenerated, the hand text in the basis, the borrowed value
        List<String> changed = CalibrationWriter.differences(edited, fitted);
        assertEquals(3, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("$.backends.cuda.memory.source: \"a hand-written reason\" -> \""
                + CalibrationWriter.FITTED_BY), changed.get(0));
        assertEquals("$.backends.cuda.memory.basis: (none) -> \"a hand-written reason\"", changed.get(1));
        assertTrue(changed.get(2).startsWith("$.backends.rocm.f16_gemm.value: 0.5 -> "), changed.get(2));
    }
}
