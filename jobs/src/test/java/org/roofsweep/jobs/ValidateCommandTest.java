package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} end to end on {@code validate/small.csv}: eight rows copied from the shipped measurements (sources
 * kept), three it predicts and five it must skip, each for its own reason.
 */
class ValidateCommandTest {
    @Test
    void predictsTheSingleGpuRowsSkipsTheRestAndSummarises() throws URISyntaxException {
        Path csv = Path.of(ValidateCommandTest.class.getResource("/validate/small.csv").toURI());
        CliRun r = CliRun.of("validate", "--measured", csv.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        // Llama-2-7B on an RTX 4090 (ada_geforce: memory 0.921, 56.8 us per layer), 128 generated tokens by default.
        // Q4_0, 4.5 bits: 13,214,695,424 weight bytes per token at FP16 (TransformerTest) x 4.5 / 16 = 3.717 GB;
        // 3.717 GB / (1008 GB/s x 0.921) = 4.003 ms + 32 x 56.8 us = 1.818 ms + KV cache (~0.05 ms) = 5.87 ms
        // -> 170.3 tokens/s; the model prints 170.34. Error: (170.34 - 149.37) / 149.37 x 100 = +14.04%.
        assertTrue(lines.contains(
                "2     rtx4090                llama2_7b        4.50     tg_tok_s      149.37     170.34    +14.0"),
                r.out());
        // F16: 13.215 GB / 928.4 GB/s = 14.23 ms + 1.82 ms + KV = 16.1 ms -> 62.1 tokens/s (the model: 62.11).
        // Error: (62.11 - 60.78) / 60.78 x 100 = +2.19%.
        assertTrue(lines.contains(
                "3     rtx4090                llama2_7b        16       tg_tok_s       60.78      62.11     +2.2"),
                r.out());
        // Prefill of 512 tokens at F16, compute bound: 2 x 6.48 G layer weights x 512 tokens = 6.63 TFLOP over
        // 165.2 TFLOP/s x 0.738 = 121.9 TFLOP/s -> 54.4 ms, plus attention, norms and 1.8 ms of launches -> 60.3 ms,
        // 512 / 60.3 ms = 8495 tokens/s (the model: 8495.05). Error: (8495.05 - 7348.69) / 7348.69 x 100 = +15.60%.
        assertTrue(lines.contains(
                "4     rtx4090                llama2_7b        16       pp_tok_s     7348.69    8495.05    +15.6"),
                r.out());
        assertTrue(r.out().contains("  line 5 (RTX 4090 24GB x2, Llama-3-8B, tg_tok_s): GPU \"RTX 4090 24GB x2\" is "
                + "not a single catalog accelerator (multi-GPU or unknown)"), r.out());
        assertTrue(r.out().contains("  line 6 (A100 80GB SXM, Llama-3-8B, tg_tok_s): decode batch not stated"), r.out());
        assertTrue(r.out().contains("  line 7 (Apple M2 (variant not stated), LLaVA-1.5-7B, image_encode_ms): metric "
                + "image_encode_ms is not predicted"), r.out());
        assertTrue(r.out().contains("  line 8 (RTX 3090, LLaVA-1.5-7B, tg_tok_s): quantization \"not stated (mmproj "
                + "f16)\" has no known bits per weight"), r.out());
        assertTrue(r.out().contains("  line 9 (RTX 4090, various ReLU LLMs incl. OPT-175B (average), tg_tok_s): model"),
                r.out());
        // decode: median of |+14.04| and |+2.19| = (14.04 + 2.19) / 2 = 8.11; prefill: the one row, 15.60
        assertEquals(List.of("prefill: median_abs_error_pct=15.6 rows=1", "median_abs_error_pct=8.1 rows=2 skipped=5"),
                lines.subList(lines.size() - 2, lines.size()));
    }

    @Test
    void aMissingMeasurementFileIsACleanError() {
        CliRun r = CliRun.of("validate", "--measured", "no/such/file.csv");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("no/such/file.csv: file not found"), r.transcript());
    }

    @Test
    void theDefaultMeasurementsShipWithTheRepository() {
        CliRun r = CliRun.of("validate");
        assertEquals(0, r.exitCode(), r.transcript());
        // the figures themselves are pinned by ValidationTest in analysis-core
        assertTrue(Pattern.compile("median_abs_error_pct=[0-9.]+ rows=[1-9][0-9]* skipped=[0-9]+\n$")
                .matcher(r.out()).find(), r.transcript());
    }
}
