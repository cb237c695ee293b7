package org.roofsweep.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.Systems;
import org.roofsweep.core.request.Workload;

class SweepPlanTest {
    private static final String SWEEP = """
            {
              "name": "t",
              "axes": {
                "platforms": ["pc_high", "rtx3060_12gb+i7_12700k"],
                "models": ["llama2_7b", "llava_1_5_7b_prosparse"],
                "systems": ["dense-gpu", "layer-offload", "powerinfer", "sparse-gpu"],
                "weight_bits": [16, "q4_0"],
                "batch_sizes": {"from": 1, "to": 8, "times": 2},
                "prompt_tokens": [64, 512],
                "generated_tokens": [32],
                "sparsity": ["model", 0.5],
                "images": [0, 1],
                "image_resolutions": ["336x336", "672x672"]
              },
              "filters": {"max_batch_x_context": 4000}
            }""";

    private static SweepPlan plan(String json) {
        return TestCatalogs.sweep(json);
    }

    @Test
    void gridSizeIsTheProductOfTheAxes() {
        // 2 platforms x 2 models x 4 systems x 2 formats x 4 batches x 2 prompts x 2 sparsities x 2 images x 2 sizes
        assertEquals(2L * 2 * 4 * 2 * 4 * 2 * 2 * 2 * 2, plan(SWEEP).size());
    }

    @Test
    void indicesRoundTripThroughTheirDigits() {
        Grid g = new Grid(new int[] {3, 1, 7, 2, 5});
        Set<Long> seen = new HashSet<>();
        int[] d = new int[5];
        for (long i = 0; i < g.size(); i++) {
            g.decode(i, d);
            assertEquals(i, g.encode(d));
            seen.add(i);
        }
        assertEquals(210, seen.size());
        g.decode(209, d);
        assertArrayEquals(new int[] {2, 0, 6, 1, 4}, d);
    }

    @Test
    void indicesAbove2To31DecodeAsTheSmallOnes() {
        // 1,000 x 1 x 1,000 x 1,000 x 7 x 1,000 = 7 x 10^12 points: the first digits come from 64-bit divisions, the
        // rest once under 2^31 from 32-bit ones; strides 7 x 10^9, -, 7 x 10^6, 7,000, 1,000, 1
        Grid g = new Grid(new int[] {1000, 1, 1000, 1000, 7, 1000});
        int[] d = new int[6];
        g.decode(6_999_999_999_999L, d);
        assertArrayEquals(new int[] {999, 0, 999, 999, 6, 999}, d);
        long i = 123L * 7_000_000_000L + 456L * 7_000_000 + 789L * 7_000 + 3 * 1_000 + 42;
        g.decode(i, d);
        assertArrayEquals(new int[] {123, 0, 456, 789, 3, 42}, d);
        assertEquals(i, g.encode(d));
    }

    @Test
    void aPointEvaluatesAsItsSystemDoesDirectly() {
        SweepPlan p = plan(SWEEP);
        eachEvaluatedPoint(p, 37, (i, e, w) -> {
            Result direct = Systems.byName(e.point().system()).orElseThrow().evaluate(w,
                    TestCatalogs.CATALOGS.hardware().calibration());
            assertEquals(direct, e.result(), "point " + i);
            assertEquals(i, e.point().pointId());
        });
    }

    @Test
    void theFilterSkipsLargeBatchTimesContext() {
        SweepPlan p = plan(SWEEP);
        int skipped = 0;
        for (long i = 0; i < p.size(); i++) {
            SweepPoint pt = p.point(i);
            Evaluation e = p.evaluate(i);
            long context = pt.promptTokens() + pt.generatedTokens() + (e == null ? 0 : e.result().imageTokens());
            if (e == null) {
                skipped++;
            } else {
                assertTrue((long) pt.batch() * context <= 4000, "point " + i);
            }
        }
        assertTrue(skipped > 0);
        // a filtered point is still decodable: its id stays stable
        assertNull(p.evaluate(p.size() - 1));
    }

    @Test
    void sparsityModelMeansEachModelsOwnFigure() {
        SweepPlan p = plan(SWEEP);
        for (long i = 0; i < 2000; i++) {
            SweepPoint pt = p.point(i);
            if (Double.isNaN(pt.sparsitySetting())) {
                double own = TestCatalogs.model(pt.model()).sparsity() == null ? 0
                        : TestCatalogs.model(pt.model()).sparsity().ffnSparsity();
                assertEquals(own, pt.sparsity(), 0);
            }
        }
    }

    @Test
    void badAxesAreReportedTogether() {
        String bad = SWEEP.replace("\"pc_high\"", "\"pc_hihg\"").replace("[64, 512]", "[64, -5]")
                .replace("\"sparsity\": [\"model\", 0.5]", "\"sparsity\": [1.5]").replace("[0, 1]", "[]");
        ConfigException e = assertThrows(ConfigException.class, () -> plan(bad));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("t.json: $.axes.platforms[0]: unknown platform \"pc_hihg\" (closest known: pc_high"),
                all);
        assertTrue(all.contains("t.json: $.axes.prompt_tokens: value -5 outside [0, 67108864]"), all);
        assertTrue(all.contains("t.json: $.axes.sparsity: sparsity 1.5 outside [0, 1)"), all);
        assertTrue(all.contains("t.json: $.axes.images: empty axis"), all);
    }

    @Test
    void theMaxPointsGuardStopsGiantGrids() {
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigFile.parse("t.json",
                JsonFiles.parse("t.json", SWEEP), TestCatalogs.CATALOGS, 100, "hash"));
        assertTrue(e.getMessage().contains("the grid has 2048 points, more than the --max-points guard of 100"),
                e.getMessage());
    }

    /** context_size takes token counts, "runtime" and "request"; the default is "runtime" (the runtime's n_ctx). */
    @Test
    void contextSizeAxisReadsCountsAndTheTwoNamedSettings() {
        SweepPlan defaults = plan(SWEEP);
        assertEquals(0, defaults.workload(0).contextSize());
        SweepPlan p = plan(SWEEP.replace("\"images\": [0, 1],", "\"images\": [0, 1], \"context_size\": [\"runtime\", "
                + "\"request\", 2048],"));
        assertEquals(3 * defaults.size(), p.size());
        // the last axis varies fastest: points 0, 1, 2 differ in context_size only
        assertEquals(java.util.List.of(0, -1, 2048), java.util.stream.LongStream.range(0, 3)
                .mapToObj(i -> p.workload(i).contextSize()).toList());
        ConfigException e = assertThrows(ConfigException.class, () -> plan(SWEEP.replace("\"images\": [0, 1],",
                "\"images\": [0, 1], \"context_size\": [0, \"auto\"],")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("$.axes.context_size[0]") && all.contains("$.axes.context_size[1]")
                && all.contains("\"runtime\" or \"request\""), all);
    }

    /**
     * A point with images records its vision path's status (the GPUs here are NVIDIA: CUDA's, {@code fitted}; a
     * cpu-only point would record the CPU's, {@code uncalibrated}); a text-only point or a text model records none.
     */
    @Test
    void pointsWithImagesRecordTheirVisionPathsStatus() {
        SweepPlan p = plan(SWEEP.replace("\"dense-gpu\", \"layer-offload\"", "\"dense-gpu\", \"cpu-only\""));
        Set<String> seen = new HashSet<>();
        eachEvaluatedPoint(p, 7, (i, e, w) -> {
            boolean images = w.images() > 0 && w.model().vision() != null;
            String expected = !images ? null : e.result().system().equals("cpu-only") ? "uncalibrated" : "fitted";
            assertEquals(expected, e.visionCalibration(), "point " + i);
            seen.add(String.valueOf(e.visionCalibration()));
        });
        assertEquals(Set.of("null", "fitted", "uncalibrated"), seen);
    }

    /**
     * A point records where its GPU efficiencies come from: on the RX 7900 XTX (ROCm, fitted, but its F16 GEMM figure
     * borrowed from CUDA) the F16 points read {@code borrowed:cuda} and the Q4_0 points, whose prompts run ROCm's own
     * int8 MMQ, {@code fitted}, as do the cpu-only points, whose prompts run on the CPU; on the RTX 3060 every point
     * reads {@code fitted}.
     */
    @Test
    void pointsRecordTheStatusOfThePathTheirPromptsRun() {
        SweepPlan p = plan(SWEEP.replace("\"pc_high\", \"rtx3060_12gb+i7_12700k\"",
                "\"rx7900xtx+i7_12700k\", \"rtx3060_12gb+i7_12700k\"").replace("\"dense-gpu\", \"layer-offload\"",
                "\"dense-gpu\", \"cpu-only\""));
        Set<String> cpuOnly = new HashSet<>();
        Set<String> seen = new HashSet<>();
        eachEvaluatedPoint(p, 5, (i, e, w) -> {
            boolean cpu = e.result().system().equals("cpu-only");
            boolean borrowed = !cpu && w.platform().gpu().key().equals("rx7900xtx")
                    && w.precision().weightBits() >= 16;
            assertEquals(borrowed ? "borrowed:cuda" : "fitted", e.calibration(), "point " + i);
            seen.add(e.calibration());
            if (cpu && w.platform().gpu().key().equals("rx7900xtx") && w.precision().weightBits() >= 16) {
                cpuOnly.add(e.calibration());
            }
        });
        assertEquals(Set.of("fitted", "borrowed:cuda"), seen);
        assertEquals(Set.of("fitted"), cpuOnly, "cpu-only F16 points on the RX 7900 XTX were evaluated");
    }

    /** A check of one evaluated point: its index, its evaluation and its workload. */
    private interface PointCheck {
        void check(long index, Evaluation e, Workload w);
    }

    /** {@code check} on every {@code step}-th point of {@code p} that evaluates (a null evaluation is skipped). */
    private static void eachEvaluatedPoint(SweepPlan p, int step, PointCheck check) {
        for (long i = 0; i < p.size(); i += step) {
            Evaluation e = p.evaluate(i);
            if (e != null) {
                check.check(i, e, p.workload(i));
            }
        }
    }
}
