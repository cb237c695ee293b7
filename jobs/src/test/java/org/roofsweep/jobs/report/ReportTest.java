package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
import org.roofsweep.jobs.SharedSpark;
import org.roofsweep.jobs.query.DuckDbEngine;
import org.roofsweep.jobs.query.Engine;
import org.roofsweep.jobs.query.SmallSweep;
import org.roofsweep.jobs.query.SweepTables;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report of the small sweep renders: the page parses, every figure is a real PNG, and its numbers are right. */
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
                    SweepTables.runJson(tables.sweeps().values().iterator().next(), new Configuration()), out,
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
    void pageIsWellFormedAndEmbedsEveryFigureAsAValidPng() throws Exception {
        Document doc = parse();
        assertEquals("html", doc.getDocumentElement().getTagName());
        NodeList imgs = doc.getElementsByTagName("img");
        assertEquals(report.figures().size(), imgs.getLength());
        String prefix = "data:image/png;base64,";
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith(prefix), "embedded, so the page opens offline");
            assertPng(Base64.getDecoder().decode(src.substring(prefix.length())), "image " + i);
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
