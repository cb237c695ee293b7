package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.core.sweep.SweepPoint;
import org.roofsweep.jobs.CliRun;

/**
 * The report's image-token section on a sweep that varies the axes: a heatmap per model, GPU and correlation, and a
 * table of where PowerInfer wins whose counts are those of analysis-core's own evaluations.
 */
class ImageTokenRegionsTest {
    private static final String SWEEP = """
            {
              "name": "image-tokens-test",
              "axes": {
                "platforms": ["rtx4060ti_16gb+i5_13600k", "rtx4090+i9_13900k"],
                "models": ["llava_1_5_13b_prosparse"],
                "systems": ["dense-gpu", "layer-offload", "powerinfer"],
                "weight_bits": ["q4_0"],
                "batch_sizes": [1],
                "prompt_tokens": [64],
                "generated_tokens": [128],
                "images": [1],
                "image_sparsity": ["model", 0.5, 0],
                "token_correlation": [0, 0.9],
                "image_token_keep": [1, 0.25]
              }
            }""";
    private static final Pattern ROW = Pattern.compile("<tr>((?:<td[^>]*>[^<]*</td>)+)</tr>");
    private static final Pattern CELL = Pattern.compile("<td[^>]*>([^<]*)</td>");

    @TempDir
    static Path tmp;
    static String page;
    static SweepPlan plan;

    @BeforeAll
    static void runAndReport() throws IOException {
        Path config = tmp.resolve("image-tokens-test.json");
        Files.writeString(config, SWEEP);
        plan = SweepConfigFile.load(config, Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
        CliRun run = CliRun.of("run", config.toString(), "--output", tmp.resolve("sweep").toString());
        assertEquals(0, run.exitCode(), run.transcript());
        CliRun report = CliRun.of("report", tmp.resolve("sweep").toString(), "--out", tmp.resolve("report").toString());
        assertEquals(0, report.exitCode(), report.transcript());
        page = Files.readString(tmp.resolve("report").resolve("report.html"));
    }

    @Test
    void theSectionHasAHeatmapPerModelGpuAndCorrelation() {
        assertTrue(page.contains("Image tokens: their sparsity, their correlation and visual-token pruning"));
        for (String gpu : List.of("rtx4060ti_16gb", "rtx4090")) {
            for (String c : List.of("0.0", "0.9")) {
                assertTrue(page.contains("llava_1_5_13b_prosparse, token correlation " + c + " on " + gpu),
                        gpu + " at correlation " + c);
            }
        }
        assertTrue(Files.exists(tmp.resolve("report").resolve(
                "speedup_keep_image_sparsity_rtx4060ti_16gb_llava_1_5_13b_prosparse_token_correlation_0.0.png")));
    }

    @Test
    void theWinsPerGpuCorrelationAndKeepRatioAreAnalysisCoresOwn() {
        // from the evaluations: PowerInfer against the faster dense system at identical inputs
        Map<String, int[]> expected = new HashMap<>();
        Map<SweepPoint, List<Evaluation>> dense = new HashMap<>();
        List<Evaluation> powerinfer = new ArrayList<>();
        for (long i = 0; i < plan.size(); i++) {
            Evaluation e = plan.evaluate(i);
            if (e.point().system().equals("powerinfer")) {
                powerinfer.add(e);
            } else {
                dense.computeIfAbsent(withoutSystem(e.point()), k -> new ArrayList<>()).add(e);
            }
        }
        for (Evaluation p : powerinfer) {
            double best = -1;
            for (Evaluation d : dense.get(withoutSystem(p.point()))) {
                if (d.result().fits()) {
                    best = Math.max(best, d.result().e2eTokensPerSecond());
                }
            }
            boolean wins = p.result().fits() && p.result().e2eTokensPerSecond() > best;
            int[] c = expected.computeIfAbsent(key(p.point().gpu(), p.point().tokenCorrelation(),
                    p.point().imageTokenKeep()), k -> new int[2]);
            c[0] += wins ? 1 : 0;
            c[1]++;
        }
        int rows = 0;
        Matcher m = ROW.matcher(page.substring(page.indexOf("Where the answer flips")));
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher(m.group(1));
            while (c.find()) {
                cells.add(c.group(1));
            }
            if (cells.size() != 8 || !cells.get(0).equals("llava_1_5_13b_prosparse")) {
                break;
            }
            int[] want = expected.get(key(cells.get(1), Double.parseDouble(cells.get(3)),
                    Double.parseDouble(cells.get(4))));
            assertEquals(want[0] + " of " + want[1], cells.get(5), String.join(" | ", cells));
            rows++;
        }
        // 2 GPUs x 2 correlations x 2 keep ratios
        assertEquals(8, rows);
        assertEquals(8, expected.size());
    }

    private static String key(String gpu, double correlation, double keep) {
        return gpu + " c" + correlation + " k" + keep;
    }

    private static SweepPoint withoutSystem(SweepPoint p) {
        return new SweepPoint(0, p.platform(), p.gpu(), p.cpu(), p.hostMemoryGib(), p.model(), "", p.weightFormat(),
                p.weightBits(), p.kvBits(), p.activationBits(), p.batch(), p.promptTokens(), p.generatedTokens(),
                p.sparsitySetting(), p.sparsity(), p.images(), p.imageWidth(), p.imageHeight(), p.gpuLayersSetting(),
                p.moeCpuLayersSetting(), p.kvOffload(), p.imageSparsitySetting(), p.imageSparsity(),
                p.tokenCorrelation(), p.imageTokenKeep(), p.pruneAfterLayer());
    }
}
