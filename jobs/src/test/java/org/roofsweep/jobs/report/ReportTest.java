package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.systems.Baselines;
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.DuckDbEngine;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.query.SweepTables;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report of the small sweep renders: the page parses, every chart has its data, every linked figure is a real
 * PNG, and its numbers are right.
 */
class ReportTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    @TempDir
    static Path out;
    private static Report.Output report;
    private static String page;

    @BeforeAll
    static void render() throws IOException {
        // the engine query and report choose for local tables
        SweepTables tables = SmallSweep.tables(SmallSweep.get().dir());
        try (Engine engine = DuckDbEngine.open(tables, SmallSweep.CATALOGS)) {
            report = Report.write(engine, SmallSweep.get().dir().toString(),
                    SweepTables.runJson(tables.sweeps().values().iterator().next(), Configuration::new), out,
                    SmallSweep.CATALOGS, 12);
        }
        page = Files.readString(report.html());
    }

    private static Document parse() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(page.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void assertPng(byte[] bytes, String what) throws IOException {
        assertTrue(bytes.length > 5_000, what + " has " + bytes.length + " bytes");
        for (int i = 0; i < PNG_MAGIC.length; i++) {
            assertEquals(PNG_MAGIC[i], bytes[i], what + " PNG signature");
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertTrue(img.getWidth() >= 600 && img.getWidth() <= 4000, what + " width " + img.getWidth());
        assertTrue(img.getHeight() >= 400 && img.getHeight() <= 4000, what + " height " + img.getHeight());
    }

    @Test
    void pageIsWellFormedAndEveryChartHasItsData() throws Exception {
        Document doc = parse();
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(0, doc.getElementsByTagName("img").getLength(), "figures are linked PNG files, not embedded");
        NodeList divs = doc.getElementsByTagName("div");
        int charts = 0;
        for (int i = 0; i < divs.getLength(); i++) {
            Element div = (Element) divs.item(i);
            if (!div.getAttribute("class").equals("chart")) {
                continue;
            }
            charts++;
            Element spec = doc.getElementById(div.getAttribute("data-spec"));
            JsonNode json = new ObjectMapper().readTree(spec != null ? spec.getTextContent()
                    : byId(doc, div.getAttribute("data-spec")));
            assertTrue(json.get("choices").size() >= 1, div.getAttribute("id"));
            for (JsonNode choice : json.get("choices")) {
                assertTrue(choice.get("option").get("series").size() >= 1, div.getAttribute("id") + " has series");
            }
        }
        assertEquals(7, charts, "headline (2), heatmaps (2), throughput, memory, rooflines");
        assertTrue(page.contains("<script src=\"data:text/javascript;base64,"), "the library is inlined");
    }

    /** The text of the script element with {@code id} (a DOM without a DTD knows no ID attributes). */
    private static String byId(Document doc, String id) {
        NodeList scripts = doc.getElementsByTagName("script");
        for (int i = 0; i < scripts.getLength(); i++) {
            Element e = (Element) scripts.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e.getTextContent();
            }
        }
        throw new AssertionError("no script " + id);
    }

    @Test
    void headlineStatesTheMedianSpeedupOfTheRealMultiModalModel() {
        // llava_1_5_7b and llava_1_5_13b are the small sweep's real multi-modal models (the prosparse variant is
        // hypothetical); its GPUs are consumer cards; the headline states the fewest and the most images (0 and 4)
        for (int images : List.of(0, 4)) {
            List<Double> speedups = new ArrayList<>();
            SmallSweep.get().evaluations().stream()
                    .filter(e -> !e.point().model().contains("prosparse") && e.point().images() == images)
                    .collect(Collectors.groupingBy(e -> e.point().platform() + e.point().model() + "/"
                            + e.point().batch() + "/" + e.point().promptTokens() + "/" + e.point().sparsitySetting()
                            + "/" + e.point().weightFormat() + "/" + e.point().kvBits() + "/" + e.point().generatedTokens(),
                            Collectors.toMap(e -> e.point().system(), Evaluation::result)))
                    .values().forEach(bySystem -> {
                        double s = Baselines.speedup(bySystem, Baselines.Metric.E2E);
                        if (!Double.isNaN(s)) {
                            speedups.add(s);
                        }
                    });
            Collections.sort(speedups);
            int n = speedups.size();
            double median = n % 2 == 1 ? speedups.get(n / 2) : (speedups.get(n / 2 - 1) + speedups.get(n / 2)) / 2;
            String expected = Answer.ratio(median) + " with " + Findings.images(images);
            assertTrue(page.contains(expected), "headline says: " + expected);
        }
    }

    @Test
    void everyLinkedFigureExistsBesideThePage() throws Exception {
        NodeList links = parse().getElementsByTagName("a");
        List<String> linked = new ArrayList<>();
        for (int i = 0; i < links.getLength(); i++) {
            String href = ((Element) links.item(i)).getAttribute("href");
            Path file = report.html().resolveSibling(href);
            assertTrue(Files.isRegularFile(file), href);
            assertPng(Files.readAllBytes(file), href);
            linked.add(href);
        }
        assertEquals(report.figures().stream().map(p -> p.getFileName().toString()).toList(), linked);
    }

    @Test
    void reportHasEachKindOfFigure() {
        List<String> names = report.figures().stream().map(p -> p.getFileName().toString()).toList();
        for (String kind : List.of("speedup_batch_sparsity_", "speedup_prompt_images_", "tokens_vs_memory_",
                "memory_", "roofline_rtx4090", "roofline_rtx3060_12gb")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(kind)), kind + " in " + names);
        }
    }

    @Test
    void summaryStatesTheImageTokensOfEachModel() {
        Map<Integer, List<String>> modelsByTokens = new java.util.TreeMap<>();
        SmallSweep.get().evaluations().stream().filter(e -> e.point().images() > 0)
                .collect(Collectors.groupingBy(e -> e.point().model(),
                        Collectors.mapping(e -> e.result().imageTokens() / e.point().images(), Collectors.toSet())))
                .forEach((model, tokens) -> {
                    assertEquals(1, tokens.size(), model + ": one image size in the sweep");
                    modelsByTokens.computeIfAbsent(tokens.iterator().next(), k -> new ArrayList<>()).add(model);
                });
        for (var e : modelsByTokens.entrySet()) {
            List<String> models = e.getValue().stream().sorted().toList();
            String expected = "Each image adds " + e.getKey() + " LLM tokens to the prompt ("
                    + String.join(", ", models) + ")";
            assertTrue(page.contains(expected), expected);
        }
    }

    @Test
    void summaryCountsThePointsWhereOnlyPowerInferFits() {
        List<Evaluation> all = SmallSweep.get().evaluations();
        Map<String, List<Evaluation>> byInputs = all.stream().collect(Collectors.groupingBy(e -> e.point().platform()
                + e.point().model() + e.point().batch() + "/" + e.point().promptTokens() + "/"
                + e.point().sparsitySetting() + "/" + e.point().images()));
        long fits = 0;
        long only = 0;
        for (List<Evaluation> same : byInputs.values()) {
            boolean pi = same.stream().anyMatch(e -> e.point().system().equals("powerinfer") && e.result().fits());
            boolean dense = same.stream().anyMatch(e -> !e.point().system().equals("powerinfer")
                    && e.result().fits());
            fits += pi ? 1 : 0;
            only += pi && !dense ? 1 : 0;
        }
        String expected = only > 0 ? "at " + only + " of the " + fits + " points where PowerInfer fits"
                : "at every one of the " + fits + " points where PowerInfer fits";
        assertTrue(page.contains(expected), "summary says: " + expected);
    }
}
