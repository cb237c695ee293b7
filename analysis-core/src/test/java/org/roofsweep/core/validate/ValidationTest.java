package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

/**
 * The shipped measurements against the shipped calibration: the figures the main README states. A change to the
 * cost model, the catalogs or {@code configs/calibration.json} that moves them fails here (then re-fit with
 * {@code validate --calibrate} and restate the README).
 */
class ValidationTest {
    private static final Path MEASURED = TestCatalogs.CONFIGS.resolve("measurements/measured.csv");
    private static final Path EXTRA = TestCatalogs.CONFIGS.resolve("measurements/measured-extra.csv");

    @Test
    void theShippedMeasurementsValidateWithTheReadmesFigures() {
        Validation.Report r = Validation.run(MeasuredCsv.read(MEASURED), TestCatalogs.CATALOGS);
        assertEquals(138, r.decode().size());
        // 31 GPU prompt rates of `main` runs state no prompt length and are skipped (Validation.UNSTATED_GPU_PROMPT)
        assertEquals(84, r.prefill().size());
        assertEquals(214, r.skipped().size());
        assertEquals(31, r.skipped().stream().filter(s -> s.reason().equals(Validation.UNSTATED_GPU_PROMPT)).count());
        // README: in sample, decode 6.2% over 138 rows (every engine), prefill 9.5% over 84 rows (9.8% before PR
        // #17505's three pp512 @ d32768 rows were priced at their KV depth, +169% and +131% then, +25% and +7% now)
        assertEquals(6.2, r.medianAbsErrorPct(r.decode()), 0.1);
        assertEquals(9.5, r.medianAbsErrorPct(r.prefill()), 0.1);
        assertTrue(r.medianAbsErrorPct(r.decode()) <= 15);
    }

    /**
     * The CPU-only and offload rows of {@code measured-extra.csv}: the README's cpu-only figures, with the CPU roofline
     * at the CPU's effective host bandwidth (at the row's installed memory speed, capped at the rating for registered
     * DIMMs, and threads) times the fitted memory efficiency 0.808, the fitted 2.07 us per layer and thread, F16
     * compute 0.5 of the FP32 peak and, for quantized weights, the dot products at the vector INT8 rate with the
     * kernels' other vector work in series (0.862 FP32 FLOPs per int8 op): 0.148 on ggml's vec_dot kernel for K-quants
     * and i-quants, 0.427 on the integer matrix kernels (tinyBLAS_Q0, repacked GEMMs) for Q8_0, Q4_0, Q5_0, IQ4_NL and
     * Q4_K, the rows at a KV depth priced at their {@code kv_depth}: prefill 27.6% over 26 rows, decode 14.1% over 35
     * (20.9% and 13.3% with those rows priced on an empty cache, where ik_llama.cpp's FlashAttention prompt at N_KV
     * 8192 came out near its measurement and mainline's slower one far below its price; prefill 31.5% with the INT8
     * rate alone at 0.195, which put the three CPUs without VNNI at -20% to -33%; 33.3% over 19 prefill rows and 15.0%
     * over 28 decode rows before the i3-14100, i5-4278U and Threadripper PRO 5995WX joined the CPU catalog and Q4_K_S
     * and IQ3_S the formats: 14 rows more, among them mainline's IQ3_S prompt at 28.0 tok/s, +187%, against
     * ik_llama.cpp's 295.4, -73%; 43.8% prefill with one quantized efficiency 0.108 for every format; 33.0% decode over
     * 25 rows, 56.4% prefill with memory 1.0, no layer cost and the AMX peak).
     */
    @Test
    void theExtraMeasurementsValidateCpuOnlyWithTheReadmesFigures() {
        Validation.Report r = Validation.run(MeasuredCsv.read(EXTRA), TestCatalogs.CATALOGS);
        List<Validation.Prediction> cpu = r.predictions().stream().filter(p -> p.system().equals("cpu-only")).toList();
        List<Validation.Prediction> cpuDecode = cpu.stream().filter(Validation.Prediction::decode).toList();
        List<Validation.Prediction> cpuPrefill = cpu.stream().filter(p -> !p.decode()).toList();
        assertEquals(97, r.predictions().size());
        assertEquals(35, cpuDecode.size());
        assertEquals(26, cpuPrefill.size());
        assertEquals(14.1, r.medianAbsErrorPct(cpuDecode), 0.1);
        assertEquals(27.6, r.medianAbsErrorPct(cpuPrefill), 0.1);
    }

    /**
     * The offload rows of {@code measured-extra.csv} at the README's figures: {@code moe-offload} prefill 1.0% over
     * 4 rows, three of them at N_KV 512, 8192 and 16384 priced at that depth (12.4% when every row was priced on an
     * empty cache; the ubatch's expert copy through the pageable staging copy; 849.9% before, with no expert on the
     * CPU; 9.4% before the CUDA refit of issue 15's GPU side) and decode 8.3% over 4 (20.8% before the CPU's fitted memory
     * efficiency and per-thread layer cost); {@code layer-offload} decode 45.5% over 24 rows (47.4% before the RTX 4080
     * rows of ik_llama.cpp issue #437 ran the 30 GPU layers their comment states, not all 48; 47.6% before its q4_0
     * cache was read at 4 bits, llama.cpp issue #12237; 87.0% over 17 before;
     * the 7 InventiveHQ -ngl rows added; 46.3% before the laptop i7-13650HX ran llama.cpp's default of one thread per
     * P-core, 6 of its 14 cores, which pays less per-thread layer cost and raises its over-prediction).
     */
    @Test
    void theExtraMeasurementsValidateTheOffloadSystemsWithTheReadmesFigures() {
        Validation.Report r = Validation.run(MeasuredCsv.read(EXTRA), TestCatalogs.CATALOGS);
        List<Validation.Prediction> moe = r.predictions().stream().filter(p -> p.system().equals("moe-offload")).toList();
        List<Validation.Prediction> moePrefill = moe.stream().filter(p -> !p.decode()).toList();
        List<Validation.Prediction> moeDecode = moe.stream().filter(Validation.Prediction::decode).toList();
        List<Validation.Prediction> layerDecode = r.predictions().stream()
                .filter(p -> p.system().equals("layer-offload") && p.decode()).toList();
        assertEquals(4, moePrefill.size());
        assertEquals(4, moeDecode.size());
        assertEquals(24, layerDecode.size());
        assertEquals(1.0, r.medianAbsErrorPct(moePrefill), 0.1);
        assertEquals(8.3, r.medianAbsErrorPct(moeDecode), 0.1);
        assertEquals(45.5, r.medianAbsErrorPct(layerDecode), 0.1);
    }

    /**
     * The one desktop {@code -ngl} sweep (InventiveHQ Lab: RTX 5060 Ti + i7-8700, Qwen2.5-Coder-14B Q4_K_M, -ngl 8 to
     * 40 of 48) is under-predicted at every partial split, by 7% to 17%, as its all-CPU and all-GPU ends are (-3%,
     * -11%): the additive split adds no error of its own there. It is why a GPU held at a low clock while it waits on
     * the CPU is not the laptop rows' mechanism in general: at -ngl 40 the model's GPU layers take 5.30 s of the
     * 24.71 s of 256 tokens (10.4 tok/s, measured 12.5); the 3.5x slower GPU layer that the laptop's flat sweep implies
     * would make it 5.30 x 3.5 + 19.50 = 38.1 s, 6.7 tok/s, -46%, on a Windows machine, where llama.cpp issue #17880
     * reports the P3 state under partial offload.
     */
    @Test
    void theDesktopNglSweepIsUnderPredictedAtEveryPartialSplit() {
        List<Validation.Prediction> sweep = Validation.run(MeasuredCsv.read(EXTRA), TestCatalogs.CATALOGS)
                .predictions().stream().filter(p -> p.system().equals("layer-offload") && p.decode()
                        && p.gpu().key().equals("rtx5060ti_16gb") && p.row().gpuLayers() > 0
                        && p.row().gpuLayers() < 48).toList();
        assertEquals(5, sweep.size());
        for (Validation.Prediction p : sweep) {
            assertTrue(p.errorPct() < 0 && p.errorPct() > -20, "line " + p.row().line() + ": " + p.errorPct());
        }
    }

    /** Issue 15's decode targets, met on the llama.cpp rows out of sample (the backends are fitted to these alone). */
    @Test
    void theLlamaCppRowsMeetTheDecodeTargetsOutOfSample() {
        List<Validation.Prediction> gpu = CrossValidation.run(MeasuredCsv.read(MEASURED), TestCatalogs.CATALOGS,
                CrossValidation.Scheme.LEAVE_ONE_GPU_OUT).stream()
                .filter(p -> p.decode() && p.engine().equals(Validation.LLAMA_CPP)).toList();
        List<Validation.Prediction> cuda = gpu.stream().filter(p -> p.backend().key().equals("cuda")).toList();
        // README: leave-one-GPU-out llama.cpp decode 8.6% over 106 rows, CUDA 6.6% over 59
        assertEquals(106, gpu.size());
        assertEquals(8.6, ErrorSummary.medianAbsErrorPct(gpu), 0.1);
        assertEquals(6.6, ErrorSummary.medianAbsErrorPct(cuda), 0.1);
        assertTrue(ErrorSummary.medianAbsErrorPct(gpu) <= 10 && ErrorSummary.medianAbsErrorPct(cuda) <= 7);
    }

    @Test
    void theCrossValidatedFiguresAreTheReadmesHeadline() {
        List<MeasuredRow> rows = MeasuredCsv.read(MEASURED);
        List<Validation.Prediction> gpu = CrossValidation.run(rows, TestCatalogs.CATALOGS,
                CrossValidation.Scheme.LEAVE_ONE_GPU_OUT);
        List<Validation.Prediction> source = CrossValidation.run(rows, TestCatalogs.CATALOGS,
                CrossValidation.Scheme.LEAVE_ONE_SOURCE_OUT);
        // every predicted row is predicted once out of sample
        assertEquals(222, gpu.size());
        assertEquals(222, source.size());
        // README: leave-one-GPU-out decode 7.8% (every engine, each with its own decode kernels), prefill 11.0%;
        // leave-one-source-out decode 7.5%, prefill 9.4% (7.7%, 11.8%, 7.3% and 9.8% while the folds fitted the CUDA
        // int8 path and the family deviations to PR #17505's rows at a KV depth of 32768 as if the cache were empty)
        assertEquals(7.8, median(gpu, true), 0.1);
        assertEquals(11.0, median(gpu, false), 0.1);
        assertEquals(7.5, median(source, true), 0.1);
        assertEquals(9.4, median(source, false), 0.1);
        assertTrue(median(gpu, true) <= 10 && median(source, true) <= 10);
        // issue 15's prefill target, out of sample under both schemes
        assertTrue(median(gpu, false) <= 15 && median(source, false) <= 15);
    }

    private static double median(List<Validation.Prediction> ps, boolean decode) {
        return ErrorSummary.medianAbsErrorPct(ps.stream().filter(p -> p.decode() == decode).toList());
    }

    /**
     * SYCL's decode, fitted to SYCL.md's four Arc A770 rows (34, 37, 42, 55 tok/s of Llama-2-7B Q4_0 over builds of
     * Apr 2024 to Feb 2025): memory 0.293 x 560 GB/s = 164.1 GB/s, no launch cost (one card and one model cannot
     * tell the two apart), over the 3.76 GB a token streams (6.74 B weights at 4.5 bits = 3.79 GB less the 74 MB
     * token-embedding table, of which a token reads one row, plus the KV cache) = 43.6 tok/s, the same for every row.
     */
    @Test
    void syclDecodeOnTheArcA770StreamsAQuarterOfItsBus() {
        List<Validation.Prediction> sycl = Validation.run(MeasuredCsv.read(MEASURED), TestCatalogs.CATALOGS)
                .predictions().stream().filter(p -> p.decode() && p.backend().key().equals("sycl")).toList();
        assertEquals(4, sycl.size());
        for (Validation.Prediction p : sycl) {
            assertEquals(43.6, p.predicted(), 0.1, "line " + p.row().line());
        }
    }

    /**
     * One card and model under two Vulkan decode generations: the RTX 3090's Llama-3-8B Q4_0 of May 2026 (line 397,
     * today's kernels) is predicted at 161.57 tok/s, 6.189 ms a token = t0 / 0.877 + 32 layers x 31.9 us (1.021 ms),
     * so t0 = 0.877 x 5.168 = 4.533 ms; its May 2025 row (line 415, a build before PRs #15355 and #14903) streams at
     * 0.782: 4.533 / 0.782 + 1.021 = 6.818 ms, 146.7 tok/s (measured 103.2: that branch ran slower still).
     */
    @Test
    void aVulkanRowRunsTheDecodeKernelsOfItsBuild() {
        List<Validation.Prediction> ps = Validation.run(MeasuredCsv.read(MEASURED), TestCatalogs.CATALOGS)
                .predictions();
        assertEquals(161.6, predictedAt(ps, 397), 0.1);
        assertEquals(146.7, predictedAt(ps, 415), 0.1);
    }

    private static double predictedAt(List<Validation.Prediction> ps, int line) {
        return ps.stream().filter(p -> p.row().line() == line).findFirst().orElseThrow().predicted();
    }

    @Test
    void everyShippedRowNamesItsSource() {
        for (MeasuredRow row : java.util.stream.Stream.concat(MeasuredCsv.read(MEASURED).stream(),
                MeasuredCsv.read(EXTRA).stream()).toList()) {
            assertTrue(row.sourceUrl().startsWith("https://"), "line " + row.line() + ": " + row.sourceUrl());
        }
    }
}
