package org.roofsweep.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.ConfigException;

/**
 * Mutates one catalog file of a copy of {@code configs/} per case ({@value #CASES} cases, fixed seed, so a failure
 * reproduces) and loads the catalogs. Each case must load or fail with a {@link ConfigException} whose every problem
 * names a file and a JSON path, one of them in the mutated file; any other exception is a reader bug.
 */
class CatalogFuzzTest {
    static final int CASES = 400;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** "FILE: $.json.path: message", the shape of every problem a reader records. */
    private static final Pattern PROBLEM = Pattern.compile("(?s)[^:]+\\.json: \\$[^ ]*: .+");
    /** The catalog parts, each picked equally often so the two single files are fuzzed as hard as the folders. */
    private static final List<String> PARTS = List.of("models", "hardware/gpus", "hardware/cpus",
            "hardware/platforms", "quantization.json", "calibration.json");

    @TempDir
    Path tmp;

    @Test
    void everyMutatedCatalogFileLoadsOrFailsWithItsFileAndPath() throws IOException {
        Path configs = TestCatalogs.copyConfigs(tmp);
        Random random = new Random(20261201);
        int errors = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Path file = pick(configs, PARTS.get(random.nextInt(PARTS.size())), random);
            byte[] original = Files.readAllBytes(file);
            JsonNode tree = JSON.readTree(original);
            String change = mutate(tree, random);
            Files.writeString(file, tree.toPrettyString());
            String what = "case " + i + ": " + configs.relativize(file) + ": " + change + ": ";
            try {
                Catalogs.load(configs);
            } catch (ConfigException e) {
                errors++;
                e.problems().stream().filter(p -> !PROBLEM.matcher(p).matches()).findFirst()
                        .ifPresent(p -> failures.add(what + "a problem without file and path: " + p));
                if (e.problems().stream().noneMatch(p -> p.startsWith(file + ": $"))) {
                    failures.add(what + "no problem names the mutated file: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                failures.add(what + e + " at " + e.getStackTrace()[0]);
            } finally {
                Files.write(file, original);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(errors > CASES / 2, "most mutations break a catalog file: " + errors + " of " + CASES);
    }

    private static Path pick(Path configs, String part, Random random) throws IOException {
        Path p = configs.resolve(part);
        if (!Files.isDirectory(p)) {
            return p;
        }
        List<Path> files = jsonFiles(p);
        return files.get(random.nextInt(files.size()));
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** One mutation at a random place of the tree; returns what it did, for the failure message. */
    private static String mutate(JsonNode tree, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ArrayNode a) {
            if (a.isEmpty()) {
                a.add(randomValue(random));
                return "added to an empty array";
            }
            int i = random.nextInt(a.size());
            a.set(i, randomValue(random));
            return "array element " + i + " := " + a.get(i);
        }
        ObjectNode o = (ObjectNode) target;
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            o.set("x", randomValue(random));
            return "added x to an empty object";
        }
        String field = names.get(random.nextInt(names.size()));
        JsonNode old = o.get(field);
        JsonNode value = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> NODES.nullNode();
            case 2 -> old.isTextual() ? NODES.textNode(typo(old.asText(), random)) : randomValue(random);
            case 3 -> old.isNumber() ? NODES.numberNode(-old.asDouble() - 1) : NODES.numberNode(-1);
            case 4 -> old.isObject() || old.isArray() ? randomValue(random) : NODES.objectNode();
            default -> randomValue(random);
        };
        if (value == null) {
            o.remove(field);
            return "removed " + field;
        }
        o.set(field, value);
        return field + " := " + value;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(13)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(-random.nextInt(100));
            case 3 -> NODES.numberNode(0);
            case 4 -> NODES.numberNode(random.nextDouble() * 2 - 0.5);
            case 5 -> NODES.numberNode(1e300);
            case 6 -> NODES.textNode("");
            case 7 -> NODES.textNode("rtx4090");
            case 8 -> NODES.arrayNode().add(1).add("x");
            // 2^64 + 1, which a reader taking the low 64 bits sees as 1
            case 9 -> NODES.numberNode(java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.ONE));
            case 10 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 11 -> NODES.numberNode(new java.math.BigDecimal("4.0"));
            default -> NODES.objectNode().put("value", 1.5);
        };
    }

    private static String typo(String s, Random random) {
        if (s.isEmpty()) {
            return "?";
        }
        StringBuilder b = new StringBuilder(s);
        int i = random.nextInt(b.length());
        b.setCharAt(i, (char) ('a' + random.nextInt(26)));
        return b.toString();
    }
}
