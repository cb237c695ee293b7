package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.Units;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPoint;
import org.roofsweep.core.systems.Result;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.cli.UserException;

/** Each query of configs/queries/ run on the small sweep and checked against analysis-core's evaluations. */
class ExampleQueriesTest {
    private static final List<String> BASELINES = List.of("dense-gpu", "layer-offload");
    private static SparkSession spark;
    private static List<Evaluation> evaluations;
    private static final List<String> VIEWS = new ArrayList<>();

    @BeforeAll
    static void registerSmallSweep() {
        spark = SharedSpark.session();
        SmallSweep sweep = SmallSweep.get();
        evaluations = sweep.evaluations();
        SweepViews.register(spark, SmallSweep.tables(sweep.dir())).forEach(v -> VIEWS.add(v.name()));
        CatalogViews.register(spark, SmallSweep.CATALOGS).forEach(v -> VIEWS.add(v.name()));
    }

    private static List<Row> run(String query, String... params) throws IOException {
        String sql = Files.readString(Path.of("configs/queries", query + ".sql"));
        QueryText q = QueryText.of(sql, List.of(params));
        return Sql.userErrors(VIEWS, () -> Sql.query(spark, q, VIEWS).collectAsList());
    }

    private static List<Evaluation> ofSystem(String system) {
        return evaluations.stream().filter(e -> e.point().system().equals(system)).toList();
    }

    /** Baseline evaluations keyed by their inputs without the system. */
    private static Map<SweepPoint, Evaluation> byInputs(String system, Function<SweepPoint, SweepPoint> key) {
        return ofSystem(system).stream().collect(Collectors.toMap(e -> key.apply(e.point()), e -> e));
    }

    private static void assertClose(Double expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        double a = ((Number) actual).doubleValue();
        assertEquals(expected, a, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void speedupPairsEachPowerInferPointWithTheBaselineOfIdenticalInputs() throws IOException {
        record Group(String gpu, String model, String baseline) {
        }
        Map<Group, List<Double>> decode = new HashMap<>();
        Map<Group, List<Double>> e2e = new HashMap<>();
        Map<Group, int[]> counts = new HashMap<>();
        for (String baseline : BASELINES) {
            Map<SweepPoint, Evaluation> base = byInputs(baseline, p -> Reference.inputsExcept(p, true, false, false,
                    false));
            for (Evaluation p : ofSystem("powerinfer")) {
                Evaluation b = base.get(Reference.inputsExcept(p.point(), true, false, false, false));
                Group g = new Group(p.point().gpu(), p.point().model(), baseline);
                int[] c = counts.computeIfAbsent(g, k -> new int[3]);
                decode.computeIfAbsent(g, k -> new ArrayList<>());
                e2e.computeIfAbsent(g, k -> new ArrayList<>());
                Result pr = p.result();
                Result br = b.result();
                if (pr.fits() && br.fits()) {
                    c[0]++;
                    decode.get(g).add(pr.decodeTokensPerSecond() / br.decodeTokensPerSecond());
                    e2e.get(g).add(pr.e2eTokensPerSecond() / br.e2eTokensPerSecond());
                } else if (pr.fits()) {
                    c[1]++;
                } else if (br.fits()) {
                    c[2]++;
                }
            }
        }
        List<Row> rows = run("speedup");
        assertEquals(counts.size(), rows.size());
        assertTrue(counts.values().stream().anyMatch(c -> c[1] > 0), "the 13B model only fits under PowerInfer");
        for (Row r : rows) {
            Group g = new Group(r.getAs("gpu"), r.getAs("model"), r.getAs("baseline"));
            int[] c = counts.get(g);
            assertEquals(c[0], ((Number) r.getAs("pairs")).intValue(), g + " pairs");
            assertEquals(c[1], ((Number) r.getAs("powerinfer_only")).intValue(), g + " powerinfer_only");
            assertEquals(c[2], ((Number) r.getAs("baseline_only")).intValue(), g + " baseline_only");
            assertClose(Reference.median(decode.get(g)), r.getAs("decode_speedup_median"), g + " decode median");
            assertClose(Reference.min(decode.get(g)), r.getAs("decode_speedup_min"), g + " decode min");
            assertClose(Reference.max(decode.get(g)), r.getAs("decode_speedup_max"), g + " decode max");
            assertClose(Reference.median(e2e.get(g)), r.getAs("e2e_speedup_median"), g + " e2e median");
            assertClose(Reference.min(e2e.get(g)), r.getAs("e2e_speedup_min"), g + " e2e min");
            assertClose(Reference.max(e2e.get(g)), r.getAs("e2e_speedup_max"), g + " e2e max");
        }
    }

    @Test
    void memoryEfficiencyDividesTheBestDecodeRateByGpuMemory() throws IOException {
        record Group(String gpu, String model, String system) {
        }
        Map<Group, List<Evaluation>> fitting = evaluations.stream().filter(e -> e.result().fits())
                .collect(Collectors.groupingBy(e -> new Group(e.point().gpu(), e.point().model(),
                        e.point().system())));
        List<Row> rows = run("memory_efficiency");
        assertEquals(fitting.size(), rows.size());
        double previous = Double.POSITIVE_INFINITY;
        for (Row r : rows) {
            Group g = new Group(r.getAs("gpu"), r.getAs("model"), r.getAs("system"));
            double best = fitting.get(g).stream().mapToDouble(e -> e.result().decodeTokensPerSecond()).max()
                    .orElseThrow();
            double memoryGib = SmallSweep.CATALOGS.hardware().gpu(g.gpu()).orElseThrow().memoryBytes() / Units.GIB;
            assertClose(best, r.getAs("best_tokens_per_s"), g + " best");
            assertClose(best / memoryGib, r.getAs("per_gib"), g + " per GiB");
            List<Double> usedAtBest = fitting.get(g).stream()
                    .filter(e -> e.result().decodeTokensPerSecond() == best)
                    .map(e -> best / (e.result().gpuBytes() / Units.GIB)).toList();
            double perUsed = r.getAs("per_used_gib");
            assertTrue(usedAtBest.stream().anyMatch(u -> Math.abs(u - perUsed) < 1e-9 * u), g + " per used GiB");
            assertTrue((double) r.getAs("per_gib") <= previous, "most efficient first");
            previous = r.getAs("per_gib");
        }
    }

    /** Expected crossover rows: for each group, {first win, first loss after it, largest value swept}. */
    private static Map<List<Object>, List<Integer>> crossover(boolean alongBatch) {
        Map<List<Object>, TreeMap<Integer, Boolean>> winsByGroup = new HashMap<>();
        for (String baseline : BASELINES) {
            Map<SweepPoint, Evaluation> base = byInputs(baseline, p -> Reference.inputsExcept(p, true, false, false,
                    false));
            for (Evaluation p : ofSystem("powerinfer")) {
                SweepPoint q = p.point();
                Evaluation b = base.get(Reference.inputsExcept(q, true, false, false, false));
                List<Object> group = List.of(q.gpu(), q.model(), baseline, alongBatch ? q.promptTokens() : q.batch(),
                        q.images(), q.sparsity());
                winsByGroup.computeIfAbsent(group, k -> new TreeMap<>())
                        .put(alongBatch ? q.batch() : q.promptTokens(), Reference.wins(p, b));
            }
        }
        Map<List<Object>, List<Integer>> expected = new HashMap<>();
        winsByGroup.forEach((group, wins) -> {
            Integer first = wins.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst()
                    .orElse(null);
            if (first != null) {
                Integer stops = wins.tailMap(first, false).entrySet().stream().filter(e -> !e.getValue())
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                expected.put(group, java.util.Arrays.asList(first, stops, wins.lastKey()));
            }
        });
        return expected;
    }

    private static void assertCrossover(boolean alongBatch) throws IOException {
        Map<List<Object>, List<Integer>> expected = crossover(alongBatch);
        String axis = alongBatch ? "batch" : "prompt_tokens";
        List<Row> rows = run("crossover", "axis=" + axis);
        assertEquals(expected.size(), rows.size());
        assertTrue(expected.values().stream().anyMatch(v -> v.get(1) != null), "PowerInfer stops winning somewhere");
        for (Row r : rows) {
            assertEquals(axis, r.getAs("axis"));
            List<Object> group = List.of(r.getAs("gpu"), r.getAs("model"), r.getAs("baseline"), r.getAs("held_at"),
                    r.getAs("images"), r.getAs("sparsity"));
            assertEquals(expected.get(group), java.util.Arrays.asList(r.getAs("first_win"), r.getAs("stops_at"),
                    r.getAs("largest")), group.toString());
        }
    }

    @Test
    void batchCrossoverIsTheFirstLargerBatchPowerInferNoLongerWins() throws IOException {
        assertCrossover(true);
    }

    @Test
    void promptCrossoverIsTheFirstLongerPromptPowerInferNoLongerWins() throws IOException {
        assertCrossover(false);
    }

    @Test
    void crossoverRejectsAnUnknownAxis() {
        UserException e = assertThrows(UserException.class, () -> run("crossover", "axis=images"));
        assertTrue(e.getMessage().contains("axis must be batch or prompt_tokens"), e.getMessage());
    }

    /** Per GPU, the best 1/TPOT of a model among fitting points. */
    private static Map<String, Double> bestSpeedPerRequest(String model) {
        return evaluations.stream().filter(e -> e.result().fits() && e.point().model().equals(model))
                .collect(Collectors.toMap(e -> e.point().gpu(), e -> 1 / e.result().tpotSeconds(), Math::max));
    }

    @Test
    void cheapestGpuIsTheLowestPricedOneReachingTheTarget() throws IOException {
        Map<String, Double> best = bestSpeedPerRequest("llava_1_5_7b");
        double target = 20;
        List<String> expected = best.entrySet().stream().filter(e -> e.getValue() >= target).map(Map.Entry::getKey)
                .sorted(Comparator.comparingDouble(g -> SmallSweep.CATALOGS.hardware().gpu(g).orElseThrow()
                        .launchPriceUsd()))
                .toList();
        List<Row> rows = run("cheapest_gpu");
        assertEquals(expected, rows.stream().map(r -> (String) r.getAs("gpu")).toList());
        for (Row r : rows) {
            assertClose(best.get((String) r.getAs("gpu")), r.getAs("tokens_per_s_per_request"), r.getAs("gpu"));
        }
        Map<String, Double> big = bestSpeedPerRequest("llava_1_5_13b");
        double fastest = big.values().stream().max(Double::compare).orElseThrow();
        List<Row> strict = run("cheapest_gpu", "model=llava_1_5_13b", "target_tokens_per_s=" + fastest * 0.999);
        assertEquals(1, strict.size(), "only the fastest GPU reaches its own best speed");
        assertClose(fastest, strict.get(0).getAs("tokens_per_s_per_request"), "13B");
    }

    @Test
    void imagesRaiseTtftRelativeToTheSameRequestWithoutImages() throws IOException {
        record Group(String gpu, String model, String system, int images) {
        }
        Map<SweepPoint, Evaluation> noImages = evaluations.stream()
                .filter(e -> e.point().images() == 0 && e.result().fits())
                .collect(Collectors.toMap(e -> Reference.inputsExcept(e.point(), false, false, false, true), e -> e));
        Map<Group, List<Evaluation>> groups = evaluations.stream().filter(e -> e.result().fits())
                .collect(Collectors.groupingBy(e -> new Group(e.point().gpu(), e.point().model(), e.point().system(),
                        e.point().images())));
        List<Row> rows = run("images_ttft");
        assertEquals(groups.size(), rows.size(), "every model of the sweep is multi-modal");
        for (Row r : rows) {
            Group g = new Group(r.getAs("gpu"), r.getAs("model"), r.getAs("system"), r.getAs("images"));
            List<Evaluation> es = groups.get(g);
            assertClose(Reference.median(es.stream().map(e -> (double) e.result().imageTokens()).toList()),
                    r.getAs("image_tokens"), g + " image tokens");
            assertClose(Reference.median(es.stream().map(e -> e.result().ttftSeconds()).toList()), r.getAs("ttft_s"),
                    g + " ttft");
            assertClose(Reference.median(es.stream().map(e -> e.result().visionSeconds() / e.result().ttftSeconds())
                    .toList()), r.getAs("vision_share"), g + " vision share");
            assertClose(Reference.median(es.stream().map(e -> e.result().ttftSeconds() / noImages.get(
                    Reference.inputsExcept(e.point(), false, false, false, true)).result().ttftSeconds()).toList()),
                    r.getAs("ttft_vs_no_images"), g + " ratio");
            if (g.images() > 0) {
                assertTrue((double) r.getAs("ttft_vs_no_images") > 1, g + ": images add prefill work");
            }
        }
        assertFalse(rows.isEmpty());
    }

    @Test
    void imageTokensPairPowerInferWithTheFasterDenseSystemOnRequestsWithImages() throws IOException {
        String model = "llava_1_5_7b_prosparse";
        Map<SweepPoint, List<Evaluation>> dense = new HashMap<>();
        for (String b : BASELINES) {
            for (Evaluation e : ofSystem(b)) {
                dense.computeIfAbsent(Reference.inputsExcept(e.point(), true, false, false, false),
                        k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<Double>> speedups = new TreeMap<>();
        Map<String, int[]> wins = new TreeMap<>();
        for (Evaluation p : ofSystem("powerinfer")) {
            if (!p.point().model().equals(model) || p.point().images() == 0) {
                continue;
            }
            double best = Double.NaN;
            for (Evaluation d : dense.get(Reference.inputsExcept(p.point(), true, false, false, false))) {
                if (d.result().fits()) {
                    best = Double.isNaN(best) ? d.result().e2eTokensPerSecond()
                            : Math.max(best, d.result().e2eTokensPerSecond());
                }
            }
            // one cell per GPU and image sparsity (the text's here: the sweep's "model" and 0.9)
            String gpu = p.point().gpu() + " at " + p.point().imageSparsity();
            speedups.computeIfAbsent(gpu, k -> new ArrayList<>());
            if (p.result().fits() && !Double.isNaN(best)) {
                speedups.get(gpu).add(p.result().e2eTokensPerSecond() / best);
            }
            int[] w = wins.computeIfAbsent(gpu, k -> new int[2]);
            w[0] += p.result().fits() && (Double.isNaN(best) || p.result().e2eTokensPerSecond() > best) ? 1 : 0;
            w[1]++;
        }
        List<Row> rows = run("image_tokens", "model=" + model);
        // the small sweep holds the axes' defaults only
        assertEquals(wins.size(), rows.size());
        for (Row r : rows) {
            String gpu = r.getAs("gpu") + " at " + ((Number) r.getAs("image_sparsity")).doubleValue();
            assertEquals(0.0, ((Number) r.getAs("token_correlation")).doubleValue(), 0, gpu);
            assertEquals(1.0, ((Number) r.getAs("image_token_keep")).doubleValue(), 0, gpu);
            assertClose(Reference.median(speedups.get(gpu)), r.getAs("e2e_speedup"), gpu + " speedup");
            assertEquals(wins.get(gpu)[0], ((Number) r.getAs("powerinfer_wins")).intValue(), gpu + " wins");
            assertEquals(wins.get(gpu)[1], ((Number) r.getAs("points")).intValue(), gpu + " points");
        }
    }
}
