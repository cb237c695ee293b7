package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} end to end on {@code validate/small.csv}: nine rows copied from the shipped measurements (sources
 * kept), three it predicts and six it must skip, each for its own reason.
 */
class ValidateCommandTest {
    @Test
    void predictsTheSingleGpuRowsSkipsTheRestAndSummarises() throws URISyntaxException {
        Path csv = Path.of(ValidateCommandTest.class.getResource("/validate/small.csv").toURI());
        CliRun r = CliRun.of("validate", "--measured", csv.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        // Llama-2-7B on an RTX 4090 under CUDA (memory 0.894 x ada_geforce deviation 1.041 = 0.931, below the SMs'
        // cap of 11.875 GB/s x 128; an early-2024 build predates CUDA graphs, so each step launches every kernel:
        // 77.3 us per layer at the launch clock of 2520 MHz, the 4090's), 128 generated tokens by default. Q4_0, 4.5
        // bits: 13,214,695,424 weight bytes per token at FP16 (TransformerTest) x 4.5 / 16 = 3.717 GB; 3.717 GB /
        // (0.931 x 1008 = 938.1 GB/s) = 3.962 ms + 32 x 77.3 us = 2.474 ms + KV cache (~0.05 ms) = 6.49 ms -> 154.2
        // tokens/s; the model prints 154.22. Error: (154.22 - 149.37) / 149.37 x 100 = +3.24% (+1.71% at the
        // seventeenth session's 0.920 and 78.9 us, -12.08% at the sixteenth's 1008 GB/s and 121.3 us a layer).
        assertTrue(lines.contains("2     dense-gpu     cuda    rtx4090                llama2_7b        4.50     tg_tok_s"
                + "      149.37     154.22     +3.2"), r.out());
        // F16: 13.215 GB / 938.1 GB/s = 14.09 ms + 2.474 ms + KV = 16.61 ms -> 60.2 tokens/s (the model: 60.21).
        // Error: (60.21 - 60.78) / 60.78 x 100 = -0.94%.
        assertTrue(lines.contains("3     dense-gpu     cuda    rtx4090                llama2_7b        16       tg_tok_s"
                + "       60.78      60.21     -0.9"), r.out());
        // Prefill of 512 tokens at F16 (line 10, llama-bench pp512) takes the F16 GEMM path, compute bound, at the
        // FP16-accumulate peak llama.cpp's cuBLAS call runs (CUBLAS_COMPUTE_16F): 2 x 6.48 G layer weights x 512
        // tokens = 6.63 TFLOP over 330.3 TFLOP/s at the fraction the board's 450 W sustain: f16_gemm 0.716 x
        // ada_geforce 1.063 = 0.7611, and 1 / (1 / 0.7611 + 1.187 pJ x 330.3 TFLOP/s / 450 W) = 0.4576, so 151.1
        // TFLOP/s -> 43.9 ms, plus attention, norms and 2.47 ms of launches -> 50.4 ms, 512 / 50.4 ms = 10159
        // tokens/s (the model: 10166.30). Error: (10166.30 - 11048.22) / 11048.22 x 100 = -7.98%.
        assertTrue(lines.contains("10    dense-gpu     cuda    rtx4090                llama1_7b        16       pp_tok_s"
                + "    11048.22   10166.30     -8.0"), r.out());
        // line 4, a prompt eval of llama.cpp's main at an unstated prompt length, is skipped
        assertTrue(r.out().contains("  line 4 (RTX 4090 24GB, Llama-2-7B, pp_tok_s): GPU prompt rate without a stated "
                + "prompt length"), r.out());
        assertTrue(r.out().contains("  line 5 (RTX 4090 24GB x2, Llama-3-8B, tg_tok_s): GPU \"RTX 4090 24GB x2\" is "
                + "not a single catalog accelerator (multi-GPU or unknown)"), r.out());
        assertTrue(r.out().contains("  line 6 (A100 80GB SXM, Llama-3-8B, tg_tok_s): decode batch not stated"), r.out());
        // image_encode_ms is a metric validate predicts; this row names no catalog GPU
        assertTrue(r.out().contains("  line 7 (Apple M2 (variant not stated), LLaVA-1.5-7B, image_encode_ms): GPU "
                + "\"Apple M2 (variant not stated)\" is not a single catalog accelerator"), r.out());
        assertTrue(r.out().contains("  line 8 (RTX 3090, LLaVA-1.5-7B, tg_tok_s): quantization \"not stated (mmproj "
                + "f16)\" has no known bits per weight"), r.out());
        assertTrue(r.out().contains("  line 9 (RTX 4090, various ReLU LLMs incl. OPT-175B (average), tg_tok_s): model"),
                r.out());
        // in sample, per system, metric, engine and backend: decode (3.24 + 0.94) / 2 = 2.09 (all rows are llama.cpp)
        assertTrue(lines.contains("  dense-gpu      tg_tok_s         all        cuda          2                    2.1"),
                r.out());
        // decode: median of |+3.24| and |-0.94| = 2.09; prefill: the one row, 7.98
        assertEquals(List.of("prefill: median_abs_error_pct=8.0 rows=1", "median_abs_error_pct=2.1 rows=2 skipped=6"),
                lines.subList(lines.size() - 2, lines.size()));
    }

    @Test
    void jsonPrintsPredictionsSkipsAndTheSummaryAsOneObject() throws Exception {
        Path csv = Path.of(ValidateCommandTest.class.getResource("/validate/small.csv").toURI());
        CliRun r = CliRun.of("validate", "--measured", csv.toString(), "--json", "--cv");
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(3, root.get("predictions").size());
        JsonNode first = root.get("predictions").get(0);
        // the Q4_0 decode row above: +3.24% signed
        assertEquals(2, first.get("line").asInt());
        assertEquals("dense-gpu", first.get("system").asText());
        assertEquals("rtx4090", first.get("gpu_key").asText());
        assertEquals("llama2_7b", first.get("model_key").asText());
        assertEquals(3.24, first.get("error_pct").asDouble(), 0.01);
        // the file has no KV-depth columns: an empty cache, FlashAttention on (the model's assumption), an F16 cache
        assertEquals(0, first.get("kv_depth").asInt());
        assertTrue(first.get("flash_attn").asBoolean());
        assertEquals("f16", first.get("kv_type").asText());
        // a dense-gpu row states no PowerInfer VRAM budget
        assertTrue(first.get("vram_budget_gib").isNull());
        assertEquals(6, root.get("skipped").size());
        assertEquals(4, root.get("skipped").get(0).get("line").asInt());
        // summary: (system, metric, engine, backend) groups, an "all" line per system and metric
        JsonNode s = root.get("summary").get(0);
        assertEquals("pp_tok_s", s.get("metric").asText());
        assertEquals("all", s.get("engine").asText());
        assertEquals("all", s.get("backend").asText());
        assertEquals(1, s.get("rows").asInt());
        // leave-one-GPU-out with one GPU: no rows are left to fit, so its rows are predicted by the shipped backends
        // without the ada_geforce deviation (fitted on those rows) and refitted without them: the decode rows' median
        // |error| 2.48% (+0.69% and -4.28%, (0.69 + 4.28) / 2: at CUDA's 0.894 of 1008 GB/s and no deviation), above
        // the in-sample 2.09% as it should be
        JsonNode decode = root.get("cross_validation").get("leave-one-gpu-out").get(2);
        assertEquals("tg_tok_s", decode.get("metric").asText());
        assertEquals(2, decode.get("rows").asInt());
        assertEquals(2.48, decode.get("median_abs_error_pct").asDouble(), 0.01);
        assertTrue(decode.get("median_abs_error_pct").asDouble() > 2.09, decode.toString());
        // each prediction carries its held-out errors: the two decode rows' |leave-one-GPU-out| errors have the
        // summary's median, and a held-out error differs from the in-sample one
        double[] held = new double[2];
        int k = 0;
        for (JsonNode p : root.get("predictions")) {
            assertTrue(p.get("error_pct_leave_one_source_out").isNumber(), p.toString());
            if (p.get("metric").asText().equals("tg_tok_s")) {
                held[k++] = Math.abs(p.get("error_pct_leave_one_gpu_out").asDouble());
            }
        }
        assertEquals(decode.get("median_abs_error_pct").asDouble(), (held[0] + held[1]) / 2, 1e-9);
        assertNotEquals(first.get("error_pct").asDouble(), first.get("error_pct_leave_one_gpu_out").asDouble(), 0.1);
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
