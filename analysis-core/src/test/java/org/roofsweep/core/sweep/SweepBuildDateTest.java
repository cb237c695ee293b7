package org.roofsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.Quantization;
import org.roofsweep.core.systems.PreBackendOffload;
import org.roofsweep.core.systems.Result;

/**
 * A sweep's {@code build_date} names the llama.cpp build its points price: the llama-bench README's 2023 build runs
 * {@code -ngl 32} of LLaMA 7B with the KV cache in host memory and rejects {@code -ngl 34}, as {@code validate} prices
 * the README's own rows; without the field the same points run today's build.
 */
class SweepBuildDateTest {
    private static final String SWEEP = """
            {
              "name": "t",
              %s
              "axes": {
                "platforms": ["rtx3090ti+i9_13900k"],
                "models": ["llama1_7b"],
                "systems": ["layer-offload"],
                "weight_bits": ["q4_0"],
                "batch_sizes": [1],
                "prompt_tokens": [1],
                "generated_tokens": [128],
                "gpu_layers": [32, 34]
              }
            }""";

    @Test
    void a2023BuildKeepsTheCacheOnTheHostAndRejectsTheSplit() {
        SweepPlan then = TestCatalogs.sweep(SWEEP.formatted("\"build_date\": \"2023-09-23\","));
        SweepPlan today = TestCatalogs.sweep(SWEEP.formatted(""));
        Result at32 = then.evaluate(0).result();
        assertTrue(at32.fits(), at32.reason());
        assertEquals(0, at32.gpuKvBytes(), 0);
        assertTrue(today.evaluate(0).result().gpuKvBytes() > 0);
        // the point is priced with the catalog's calibration as that build ran it for the point's Q4_0
        assertEquals(TestCatalogs.CATALOGS.hardware().calibration().builtOn(new KernelBuild(
                java.util.Optional.of(LocalDate.of(2023, 9, 23)), Quantization.leadingFormat("q4_0"), "")),
                then.calibration(0));
        Result at34 = then.evaluate(1).result();
        assertEquals(PreBackendOffload.SPLIT_KV, at34.reason());
        assertTrue(today.evaluate(1).result().fits());
    }

    @Test
    void aDateThatIsNotIsoIsAProblemOfTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigFile.parse("t.json",
                JsonFiles.parse("t.json", SWEEP.formatted("\"build_date\": \"Sep 2023\",")), TestCatalogs.CATALOGS,
                100, "hash"));
        assertTrue(e.getMessage().contains("t.json: $.build_date: expected an ISO date such as 2023-09-23"),
                e.getMessage());
    }
}
