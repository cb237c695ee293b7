package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.KvCacheType;
import org.roofsweep.core.systems.PowerInfer;

/**
 * The {@code powerinfer} rows of {@code measured-extra.csv} against the shipped calibration: the figures README and
 * BENCHMARKS.md state. Rows are found by their source, not their line, as rows appended later move no line.
 */
class PowerInferValidationTest {
    private static final String CARD = "https://huggingface.co/SparseLLM/ReluLLaMA-7B/commit/"
            + "83af9c0bc5e7d3d20ce42d7cc31f0f66208eeca3";
    private static final String FALCON_CARD = "https://huggingface.co/SparseLLM/ReluFalcon-40B/commit/"
            + "3412fb21ea1285f4bf7123a8f5314eb7ce09bf2c";
    private static final String PR73 = "https://github.com/Tiiny-AI/PowerInfer/pull/73";
    private static final Validation.Report EXTRA = Validation.run(
            MeasuredCsv.read(TestCatalogs.CONFIGS.resolve("measurements/measured-extra.csv")), TestCatalogs.CATALOGS);

    private static Validation.Prediction row(String source, String system, String metric) {
        List<Validation.Prediction> ps = EXTRA.predictions().stream().filter(p -> p.row().sourceUrl().equals(source)
                && p.system().equals(system) && p.row().metric().equals(metric)).toList();
        assertEquals(1, ps.size(), source + " " + system + " " + metric);
        return ps.get(0);
    }

    /**
     * SparseLLM's ReluLLaMA-7B card (PowerInfer on PC-High's i9-13900K alone, FP16): sparse 8.21 tok/s, dense 5.17.
     * PowerInfer without a GPU is its placement of a zero budget, every weight computed on the CPU, sparse: 5.93
     * tok/s, -27.7%; the dense row, a cpu-only run, 4.21, -18.6%. Both sit low by the CPU memory efficiency fitted on
     * quantized llama.cpp rows (0.819; PublishedFiguresTest's FP16 cards sit low the same way); the speedup, the part
     * PowerInfer adds, is 1.41x against 8.21 / 5.17 = 1.59x, -11%. By hand, bytes read per token: dense, attention
     * and norms 32 x 134.23 MB = 4.295 GB, the head 0.262 GB, the FFN 8.657 GB, 13.214 GB; sparse, the same attention
     * and head, the released predictors 1.62 GB (8.1e8 F16 weights, read densely every step), the FFN's active third
     * 8.657 x 0.3302 / 0.9 = 3.176 GB, 9.353 GB: 13.214 / 9.353 = 1.413x. Even sparse rows streamed at the dense rate
     * give 13.214 / (4.295 + 0.262 + 1.62 + 2.859) = 1.46x: at the 66.98% the ProSparse table gives ReluLLaMA-7B no
     * kernel reaches the card's 1.59x; it takes 75% (rows at the dense rate) to 78% (at 0.9) of the neurons skipped,
     * the predictors' own selection, not published for this model, which the test leaves to a source.
     */
    @Test
    void powerInferOnTheCpuAloneIsSparseAndItsSpeedupIsBelowTheCardsAtTheReleasedPredictors() {
        Validation.Prediction sparse = row(CARD, PowerInfer.NAME, "tg_tok_s");
        Validation.Prediction dense = row(CARD, "cpu-only", "tg_tok_s");
        assertEquals(Backend.CPU, sparse.backend());
        assertEquals(0, sparse.vramBudgetGib());
        assertEquals(-27.7, sparse.errorPct(), 0.1);
        assertEquals(-18.6, dense.errorPct(), 0.1);
        double speedup = sparse.predicted() / dense.predicted();
        assertEquals(1.413, speedup, 0.01, "predicted speedup " + speedup);
    }

    /**
     * SparseLLM's ReluFalcon-40B card, the same CPU and FP16: sparse 2.26 tok/s, dense 0.85, an ungated ReLU FFN. By
     * hand: a layer holds attention 2 x 8192^2 + 2 x 8192 x 512 = 142.6 M weights and an FFN of 2 x 8192 x 32768 =
     * 536.9 M; dense, 60 layers and the 65024 x 8192 head are 82.6 GB of F16 read per token, at the CPU's effective
     * 68.2 GB/s x 0.819 = 55.9 GB/s 1.48 s, 0.68 tok/s (the model: 0.68, -20.5%, low like the 7B card's FP16 dense
     * row; 0.69, -18.5%, at memory 0.840 before ik_llama.cpp PR #54's rows refitted it). Sparse, at the model file's assumed 90% the FFN reads a tenth of its 1.07 GB a layer: 60 x (285 + 107) MB
     * + 1.07 GB = 24.6 GB, 0.43 s, 2.3 tok/s before the predictors (60 x 21 MB at rank 256) and the sparse kernels'
     * 0.9 (the model: 2.09, -7.3%; 2.15, -5.0%, at 0.840). The speedup, 3.10x (2.09 / 0.68 unrounded, unchanged),
     * against 2.26 / 0.85 = 2.66x is 17% high: the 90% is borrowed (no ReluFalcon-40B figure is published), and
     * PowerInfer computes the neurons its predictors select, more than fire (ProSparse-13B: 21.72% computed where
     * 11.20% fire); 2.66x reads as about 80% of the neurons skipped. Within 20%, not fitted to the row.
     */
    @Test
    void theFalconCardsCpuSpeedupIsNearWhatTheAssumedSparsityGives() {
        Validation.Prediction sparse = row(FALCON_CARD, PowerInfer.NAME, "tg_tok_s");
        Validation.Prediction dense = row(FALCON_CARD, "cpu-only", "tg_tok_s");
        assertEquals(Backend.CPU, sparse.backend());
        assertEquals(-7.3, sparse.errorPct(), 0.1);
        assertEquals(-20.5, dense.errorPct(), 0.1);
        double speedup = sparse.predicted() / dense.predicted();
        assertEquals(3.10, speedup, 0.01);
        assertEquals(2.26 / 0.85, speedup, 2.26 / 0.85 * 0.20, "predicted speedup " + speedup);
    }

    /**
     * PowerInfer PR #73's Windows port (RTX 3060 12GB, i3-12100F, 16 GB, {@code --vram-budget 12}, 7 threads,
     * ReluLLaMA-7B F16): 4.92 tok/s. The maintainers' tracker (issue #86) lists this PR "for CPU support" and GPU
     * inference under Windows came with PR #114 (2024-01-11), so the row, dated 2023-12, is PowerInfer's CPU build
     * ({@link PowerInferCpuBuild}): every weight on the i3's 4 cores, 5.08 tok/s, +3.2%. By hand: 13.21 GB of F16
     * weights and 1.62 GB of predictors; sparse, attention 4.295 GB, head 0.262 GB, predictors 1.62 GB, the FFN's
     * active third 8.657 x 0.3302 / 0.9 = 3.176 GB, 9.353 GB a token; at 5.08 tok/s that is 47.5 GB/s, the
     * i3-12100F's effective host bandwidth times the CPU memory efficiency less the per-thread sync (7 threads x 32
     * layers x 1.15 us = 0.26 ms). Placed at the 12 GiB budget instead (the card holding all 32 dense layers, their
     * predictors, the head, the cache and most neurons) it would be 20.31 tok/s, +313%, at CUDA's decode figures of
     * issue 15's eighteenth session (0.894 of the bus, 77.3 us a layer at 2520 MHz, which the RTX 3060's 1777 MHz
     * pays 2520 / 1777 = 1.418 times; 20.44 at the seventeenth session's 0.902 and 78.9 us, 21.34 at the sixteenth's
     * 0.955 and 121.3 us for every card): the GPU run
     * the command
     * line asks for, which that build did not have. Its 5-token prompt (0.37 tok/s: 2.71 s a token against 0.20 s a
     * decode step of the same run) is kept and skipped: the row's {@code excluded} column argues it.
     */
    @Test
    void theWindowsPortBeforeGpuInferenceRunsAsTheCpuBuild() {
        Validation.Prediction tg = row(PR73, PowerInfer.NAME, "tg_tok_s");
        assertEquals(Backend.CPU, tg.backend());
        assertEquals(0, tg.vramBudgetGib());
        assertEquals(12, tg.row().vramBudgetGib());
        assertEquals(3.2, tg.errorPct(), 0.1);
        double atTheBudget = new PowerInfer().withVramBudget(12 * Units.GIB).evaluate(
                tg.workload().toBuilder().platform(org.roofsweep.core.hardware.Platform.of(
                        TestCatalogs.CATALOGS.hardware().gpu("rtx3060_12gb").orElseThrow(), tg.workload().platform()
                                .cpu(), tg.workload().platform().hostMemoryBytes())).build(),
                TestCatalogs.CATALOGS.hardware().calibration().builtOn(KernelBuild.on(
                        BuildDate.of(tg.row().framework()).orElseThrow())))
                .decodeTokensPerSecond();
        assertEquals(20.31, atTheBudget, 0.01);
        List<Validation.Skip> pp = EXTRA.skipped().stream().filter(k -> k.row().sourceUrl().equals(PR73)).toList();
        assertEquals(1, pp.size());
        assertEquals("pp_tok_s", pp.get(0).row().metric());
        assertTrue(pp.get(0).reason().startsWith("excluded: the run's first pass, not a prompt rate"), pp.get(0)
                .reason());
    }

    /**
     * The CPU build by date: a Windows build of PowerInfer before 2024-01-11 computes on the CPU; one of that day or
     * later, or a Linux build of any date, runs the row's budget on its GPU.
     */
    @Test
    void onlyWindowsBuildsBeforeGpuInferenceAreTheCpuBuild() {
        assertTrue(PowerInferCpuBuild.windowsBeforeGpuInference("PowerInfer (Windows CMake port, 2023-12)",
                BuildDate.of("2023-12")));
        assertTrue(!PowerInferCpuBuild.windowsBeforeGpuInference("PowerInfer (Windows, 2024-01-11)",
                BuildDate.of("2024-01-11")));
        assertTrue(!PowerInferCpuBuild.windowsBeforeGpuInference("PowerInfer (Linux, 2023-12)",
                BuildDate.of("2023-12")));
        assertTrue(!PowerInferCpuBuild.windowsBeforeGpuInference("PowerInfer (Windows)", BuildDate.of("")));
    }

    /** A row whose {@code excluded} column states a reason is skipped with it, whatever it would predict. */
    @Test
    void anExcludedRowIsSkippedWithItsReason() {
        MeasuredRow r = new MeasuredRow(2, "synthetic", "llama.cpp (CUDA)", "RTX 3060 12GB", "ReluLLaMA-7B", "F16", 1,
                5, 128, "tg_tok_s", 5, "rtx3060_12gb", "dense-gpu", -1, "", "", "relu_llama2_7b", 0, 0, 0,
                Double.NaN, 0, Double.NaN, -1, 0, MeasuredRow.FLASH_ATTENTION_UNSTATED, KvCacheType.F16, Double.NaN,
                "a warm-up pass", MeasuredRow.UBATCH_UNSTATED, MeasuredRow.MMAP_UNSTATED);
        Validation.Report rep = Validation.run(List.of(r), TestCatalogs.CATALOGS);
        assertEquals(List.of(), rep.predictions());
        assertEquals(List.of("excluded: a warm-up pass"), rep.skipped().stream().map(Validation.Skip::reason)
                .toList());
    }

    /** A VRAM budget belongs to PowerInfer; on another system's row it is skipped with the reason. */
    @Test
    void aVramBudgetOnAnotherSystemIsSkippedWithTheReason() {
        MeasuredRow r = new MeasuredRow(2, "synthetic", "llama.cpp (CUDA)", "RTX 3060 12GB", "ReluLLaMA-7B", "F16", 1,
                5, 128, "tg_tok_s", 5, "rtx3060_12gb", "layer-offload", -1, "i3-12100F", "i3_12100f",
                "relu_llama2_7b", 0, 0, 0, 16, 0, Double.NaN, -1, 0, MeasuredRow.FLASH_ATTENTION_UNSTATED,
                KvCacheType.F16, 12);
        Validation.Report rep = Validation.run(List.of(r), TestCatalogs.CATALOGS);
        assertEquals(List.of("vram_budget_gib is PowerInfer's --vram-budget; system layer-offload takes none"),
                rep.skipped().stream().map(Validation.Skip::reason).toList());
    }

    /**
     * The README's powerinfer figure: decode 7.35% over the 3 rows in sample, 7.33% under both folds (three CPU builds;
     * each fold refits the CPU's figures on the cpu-only rows it keeps, and the median row stays near -7.3%): the median
     * of |-27.7|, |-7.35| and |+3.2| is 7.35 (7.3 before the CPU's attention ran at its own 0.27 of the FP32 peak, the
     * row's 24 CPU-side attention layers a little slower; 27.7% while PR #73's run was priced at its command line's 12 GiB,
     * +329.7%).
     */
    @Test
    void theReadmesPowerInferDecodeFigureHoldsInSampleAndOutOfSample() {
        List<Validation.Prediction> decode = EXTRA.decode().stream()
                .filter(p -> p.system().equals(PowerInfer.NAME)).toList();
        assertEquals(3, decode.size());
        assertEquals(7.35, EXTRA.medianAbsErrorPct(decode), 0.05);
        List<MeasuredRow> rows = MeasuredCsv.read(TestCatalogs.CONFIGS.resolve("measurements/measured-extra.csv"));
        for (CrossValidation.Scheme s : CrossValidation.Scheme.values()) {
            List<Validation.Prediction> held = CrossValidation.run(rows, TestCatalogs.CATALOGS, s).stream()
                    .filter(p -> p.system().equals(PowerInfer.NAME) && p.decode()).toList();
            assertEquals(3, held.size());
            assertEquals(7.35, ErrorSummary.medianAbsErrorPct(held), 0.05, s.toString());
        }
    }
}
