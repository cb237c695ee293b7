package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.EngineCalibration;
import org.roofsweep.core.hardware.Gpu;

/**
 * The other engines against the GPU families: an engine's launch figure is paid at the card's clock as the backend's
 * is, and a family's memory deviation counts the fitted engines' empty-cache decode rows, the engines fitted with
 * each row at its family's kept deviation.
 */
class EngineFamilyFitTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    /**
     * MLC's launch figure is quoted at CUDA's launch clock, 2520 MHz: the RTX 4090 (2520 MHz) pays it as it is, the
     * Jetson Orin Nano in its original 625 MHz mode 2520 / 625 = 4.032 times (24.6 us a layer: 99.2 us), as it pays
     * llama.cpp's CUDA launches.
     */
    @Test
    void anEnginesLaunchesArePaidAtTheCardsClock() {
        EngineCalibration mlc = CAL.engines().get("mlc");
        Calibration asMlc = CAL.forEngine(mlc);
        Gpu rtx4090 = TestCatalogs.CATALOGS.hardware().gpu("rtx4090").orElseThrow();
        Gpu nano = TestCatalogs.CATALOGS.hardware().gpu("jetson_orin_nano_8gb").orElseThrow();
        assertEquals(mlc.layerOverheadSeconds(), asMlc.gpu(rtx4090, Backend.CUDA).layerOverheadSeconds(), 1e-12);
        assertEquals(mlc.layerOverheadSeconds() * 2520 / 625, asMlc.gpu(nano, Backend.CUDA).layerOverheadSeconds(),
                1e-12);
        assertEquals(24.6e-6 * 4.032, asMlc.gpu(nano, Backend.CUDA).layerOverheadSeconds(), 0.1e-6);
    }

    /**
     * Which rows a family's memory deviation counts. Of measured.csv's Jetson rows, llama.cpp's 2 on the AGX Orin are
     * below the 3 a family needs alone; TensorRT-LLM's 6 decode at 128-1024 tokens of context and on ExLlamaV2's
     * borrowed figures, so they are validated and count neither in TensorRT-LLM's fit (0 rows) nor in the family's;
     * MLC's 11 (of its 16) see the family through one engine, so the alternation cannot tell the family's slowness
     * from MLC's: no nvidia_soc deviation is kept and MLC's own figure takes it (0.734). ada_geforce counts its 19
     * llama.cpp and 18 other-engine rows (37), its memory factor 1.041 (exp(37 m / 47), m = 0.0511).
     */
    @Test
    void aFamilyCountsTheEnginesFittedRowsOnly() {
        List<MeasuredRow> rows = MeasuredCsv.read(TestCatalogs.CONFIGS.resolve("measurements/measured.csv"));
        Calibrator.Fit fit = Calibrator.fit(rows, TestCatalogs.CATALOGS);
        assertTrue(fit.families().stream().noneMatch(f -> f.family().equals("nvidia_soc")), fit.families().toString());
        assertEquals(0, (int) fit.engineRows().get("tensorrt_llm"));
        assertEquals(16, (int) fit.engineRows().get("mlc"));
        assertEquals(0.734, fit.calibration().engines().get("mlc").memory(), 0.0005);
        Calibrator.FamilyFit ada = fit.families().stream().filter(f -> f.family().equals("ada_geforce")).findFirst()
                .orElseThrow();
        assertEquals(37, ada.decodeRows());
        assertEquals(1.041, ada.deviation().memory(), 0.0005);
    }

    /**
     * The mechanism, on a fixture: the shipped rows plus a second copy of the AGX Orin's two llama.cpp decode rows
     * (lines 553 and 555 again, as if the table had been run twice), so that the family has 4 llama.cpp rows besides
     * MLC's 11. Now the rows of an engine that also runs elsewhere and llama.cpp's agree that the family is slow: the
     * alternation keeps an nvidia_soc deviation (0.874 over 15 rows: exp(15 m / (15 + 10)) for a median log ratio m of
     * -0.2245) and MLC goes back to about its desktop figure
     * (0.863 against 0.734 without the copies): the family takes the slowness every engine finds there.
     */
    @Test
    void aFamilyThatLlamaCppAlsoFindsSlowTakesTheSlowness(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(
                TestCatalogs.CONFIGS.resolve("measurements/measured.csv"));
        assertTrue(lines.get(552).contains("note_running_deepseek.md") && lines.get(552).contains("tg_tok_s"));
        assertTrue(lines.get(554).contains("note_running_deepseek.md") && lines.get(554).contains("tg_tok_s"));
        List<String> twice = new java.util.ArrayList<>(lines);
        twice.add(lines.get(552));
        twice.add(lines.get(554));
        java.nio.file.Path csv = tmp.resolve("measured.csv");
        java.nio.file.Files.write(csv, twice);
        Calibrator.Fit fit = Calibrator.fit(MeasuredCsv.read(csv), TestCatalogs.CATALOGS);
        Calibrator.FamilyFit soc = fit.families().stream().filter(f -> f.family().equals("nvidia_soc")).findFirst()
                .orElseThrow(() -> new AssertionError(fit.families().toString()));
        assertEquals(15, soc.decodeRows());
        assertEquals(0.874, soc.deviation().memory(), 0.0005);
        assertEquals(0.863, fit.calibration().engines().get("mlc").memory(), 0.0005);
    }

    /**
     * A borrowing engine's rows say nothing of a family: with measured.csv's vLLM row (line 362, RTX 3090) three times
     * more, vLLM has 4 decode rows of its own (enough to fit), yet it borrows ExLlamaV2's figures, so its rows are
     * not scored against a fit of their own and the families' engine log ratios are exactly those of the shipped rows:
     * the fitted engines' (ExLlamaV2's, ExLlama's, MLC's) empty-cache rows, none of vLLM's.
     */
    @Test
    void aBorrowingEnginesRowsCountInNoFamily(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(
                TestCatalogs.CONFIGS.resolve("measurements/measured.csv"));
        assertTrue(lines.get(361).contains("vLLM (AWQ)") && lines.get(361).contains("tg_tok_s"), lines.get(361));
        List<String> more = new java.util.ArrayList<>(lines);
        for (int i = 0; i < 3; i++) {
            more.add(lines.get(361));
        }
        java.nio.file.Path csv = tmp.resolve("measured.csv");
        java.nio.file.Files.write(csv, more);
        Calibration ideal = Calibrator.ideal(CAL);
        List<Validation.Prediction> shipped = Validation.run(MeasuredCsv.read(
                TestCatalogs.CONFIGS.resolve("measurements/measured.csv")), TestCatalogs.CATALOGS, ideal).predictions();
        List<Validation.Prediction> withCopies = Validation.run(MeasuredCsv.read(csv), TestCatalogs.CATALOGS, ideal)
                .predictions();
        EngineFit a = EngineFit.fit(shipped, CAL, 3, java.util.Map.of(), CAL.engines());
        EngineFit b = EngineFit.fit(withCopies, CAL, 3, java.util.Map.of(), CAL.engines());
        assertEquals(4, (int) b.rows().get("vllm"));
        assertTrue(b.engines().get("vllm").status().startsWith("borrowed:"), b.engines().get("vllm").status());
        assertEquals(a.familyLogRatios(shipped, CAL, 3), b.familyLogRatios(withCopies, CAL, 3));
        // the fitted engines' rows are there: ExLlamaV2's 16, ExLlama's 10 and MLC's 16, less any whose launches
        // outlast its measured time
        int counted = a.familyLogRatios(shipped, CAL, 3).values().stream().mapToInt(List::size).sum();
        assertTrue(counted > 30 && counted <= 42, "engine rows counted: " + counted);
    }
}
