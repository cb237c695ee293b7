package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.systems.PreBackendOffload;

/**
 * The llama-bench README's {@code -ngl} sweep of a 2023 build (10, 20, ..., 35 of LLaMA 7B's 32 layers) as
 * {@code validate} predicts it: the KV cache in host memory through {@code -ngl 33} = n_layer + 1
 * ({@link PreBackendOffload}, placed by the core for the row's dated build), the V cache alone moved at 34 (skipped).
 */
class PreBackendSweepTest {
    /**
     * The README rows themselves: at {@code -ngl 32} the 2023 build keeps the cache and the output on the host, so the
     * model predicts it well below its {@code -ngl 35} (the rows measured 54.78 and 131.66 tok/s), and the
     * {@code -ngl 34} rows (pp 512 and tg 128) are skipped with the reason.
     */
    @Test
    void theReadmeSweepIsPredictedAsItsBuildPlacedTheCache() {
        Validation.Report r = Validation.run(MeasuredCsv.read(TestCatalogs.CONFIGS.resolve(
                "measurements/measured-extra.csv")), TestCatalogs.CATALOGS);
        var sweep = r.predictions().stream().filter(p -> p.gpu().key().equals("rtx3090ti")
                && p.system().equals("layer-offload") && p.decode()).toList();
        assertEquals(7, sweep.size());
        double at32 = sweep.stream().filter(p -> p.row().gpuLayers() == 32).findFirst().orElseThrow().predicted();
        double at35 = sweep.stream().filter(p -> p.row().gpuLayers() == 35).findFirst().orElseThrow().predicted();
        // 85.4 tok/s with the host cache's CPU attention, the per-layer Q/K/V copies of the host-driven graph (four
        // a layer), its thread pool over the GPU layers and the CPU head, against 126.4 with all on the GPU:
        // 85.4 / 126.4 = 0.68 (126.4 at both before, the cache with the layers)
        assertTrue(at32 < at35 * 0.8, at32 + " vs " + at35);
        assertEquals(2, r.skipped().stream().filter(s -> s.reason().equals(PreBackendOffload.SPLIT_KV)).count());
    }
    /**
     * The sweep's prompts as the host-driven graph runs them (RuntimeConstants#hostDrivenGraph): every layer's score
     * and value products on the GPU with their host operands and the CPU's three passes over the F32 scores, the CPU
     * layers' weight products copying their operands and results. The six partial rows (-ngl 10 to 33: +91% to +104%)
     * then lie within 15 points of the -ngl 35 row, all on the GPU (+97%), which the build's prompt kernels of the time
     * set (MMQ on dp4a, llama.cpp PR #2683 to PR #3776, 2023-08-22 to 2023-10-27); they were +200% to +220% with the
     * attention on the CPU and no operand copies.
     */
    @Test
    void theSweepsPartialPromptsShareTheFullOffloadRowsError() {
        var prompts = Validation.run(MeasuredCsv.read(TestCatalogs.CONFIGS.resolve("measurements/measured-extra.csv")),
                TestCatalogs.CATALOGS).predictions().stream().filter(p -> p.gpu().key().equals("rtx3090ti")
                        && p.system().equals("layer-offload") && !p.decode()).toList();
        assertEquals(7, prompts.size());
        double full = prompts.stream().filter(p -> p.row().gpuLayers() == 35).findFirst().orElseThrow().errorPct();
        for (var p : prompts) {
            assertTrue(Math.abs(p.errorPct() - full) < 15, "line " + p.row().line() + ": " + p.errorPct() + " vs "
                    + full);
        }
    }
}
