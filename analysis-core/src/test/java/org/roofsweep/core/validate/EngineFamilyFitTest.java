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
 * is, and a family's memory deviation counts every engine's decode rows, the engines fitted with each row at its
 * family's deviation.
 */
class EngineFamilyFitTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    /**
     * MLC's launch figure is quoted at CUDA's launch clock, 2520 MHz: the RTX 4090 (2520 MHz) pays it as it is, the
     * Jetson Orin Nano in its original 625 MHz mode 2520 / 625 = 4.032 times (38.8 us a layer: 156.4 us), as it pays
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
        assertEquals(38.8e-6 * 4.032, asMlc.gpu(nano, Backend.CUDA).layerOverheadSeconds(), 0.1e-6);
    }

    /**
     * measured.csv's Jetson rows (2 llama.cpp decode rows on the AGX Orin, 11 MLC and 6 TensorRT-LLM ones) make up
     * 11 of MLC's 16 decode rows. Counted over every engine, the slowness all three engines find on the Jetsons' LPDDR5
     * is the nvidia_soc family's (0.887 of the backend's or engine's memory efficiency, over 19 rows), and MLC keeps
     * its desktop figure, 0.847 of the bus; counted over llama.cpp's 2 rows alone (below the 3 a family needs) the
     * family has no deviation and MLC's own fit takes the Jetsons' slowness, 0.736.
     */
    @Test
    void aSlownessEveryEngineFindsOnAFamilyIsTheFamilys() {
        List<MeasuredRow> rows = MeasuredCsv.read(TestCatalogs.CONFIGS.resolve("measurements/measured.csv"));
        Calibrator.Fit fit = Calibrator.fit(rows, TestCatalogs.CATALOGS);
        Calibrator.FamilyFit soc = fit.families().stream().filter(f -> f.family().equals("nvidia_soc")).findFirst()
                .orElseThrow();
        assertEquals(0.887, soc.deviation().memory(), 0.0005);
        assertEquals(19, soc.decodeRows());
        assertEquals(0.847, fit.calibration().engines().get("mlc").memory(), 0.0005);
        assertEquals(16, (int) fit.engineRows().get("mlc"));
        assertTrue(fit.calibration().engines().get("mlc").memory() > 0.8, "MLC's desktop rows keep it near 0.85");
    }
}
