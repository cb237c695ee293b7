package org.roofsweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds {@value #CASES} configs mutated at random from the small sweep (fixed seed, so failures reproduce) to
 * {@code run --dry-run}: each must end as a valid plan (exit 0) or a clean error (exit 2, "error:" lines, no stack
 * trace), and none may write anything.
 */
class MalformedConfigFuzzTest {
    static final int CASES = 300;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyMutatedConfigEndsInAPlanOrACleanError() throws IOException {
        Random random = new Random(20261124);
        JsonNode base = JSON.readTree(Files.readString(SweepJobTest.SMALL));
        Path out = tmp.resolve("out");
        int errors = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] config = mutate(base, random);
            Path file = tmp.resolve("fuzz.json");
            Files.write(file, config);
            CliRun r = CliRun.of("run", file.toString(), "--dry-run", "--output", out.toString(), "--max-points",
                    "1000000");
            String what = "case " + i + ":\n" + new String(config, StandardCharsets.UTF_8) + "\n" + r.transcript();
            assertTrue(r.exitCode() == 0 || r.exitCode() == 2, what);
            if (r.exitCode() == 2) {
                errors++;
                assertTrue(r.err().startsWith("error: "), what);
                assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what);
            } else {
                assertTrue(r.out().startsWith("sweep "), what);
            }
            assertFalse(Files.exists(out), what);
        }
        assertTrue(errors > CASES / 2, "most mutations break the config: " + errors + " of " + CASES);
        assertEquals(List.of("fuzz.json"), Files.list(tmp).map(p -> p.getFileName().toString()).toList());
    }

    /** One to three mutations of the tree, sometimes followed by one of the text. */
    private static byte[] mutate(JsonNode base, Random random) {
        JsonNode tree = base.deepCopy();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(tree, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode o) {
                mutateObject(o, random);
            } else {
                mutateArray((ArrayNode) target, random);
            }
        }
        String text = tree.toPrettyString();
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> insert(text, random).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                yield bytes;
            }
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static void mutateObject(ObjectNode o, Random random) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(5)) {
            case 0 -> o.remove(field);
            case 1 -> o.set(typo(field, random), randomValue(random));
            case 2 -> o.set(field, randomValue(random));
            case 3 -> o.set(field, range(random));
            default -> o.set(field, NODES.arrayNode().add(o.path(field).isMissingNode() ? NODES.nullNode()
                    : o.get(field)));
        }
    }

    private static void mutateArray(ArrayNode a, Random random) {
        int i = a.isEmpty() ? 0 : random.nextInt(a.size());
        switch (random.nextInt(5)) {
            case 0 -> a.removeAll();
            case 1 -> a.add(a.isEmpty() ? NODES.nullNode() : a.get(i).deepCopy());
            case 2 -> {
                if (!a.isEmpty() && a.get(i).isTextual()) {
                    a.set(i, NODES.textNode(typo(a.get(i).asText(), random)));
                } else {
                    a.add(randomValue(random));
                }
            }
            case 3 -> a.insert(i, randomValue(random));
            default -> {
                if (!a.isEmpty()) {
                    a.remove(i);
                }
            }
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(-random.nextInt(100));
            case 3 -> NODES.numberNode(0);
            case 4 -> NODES.numberNode(random.nextDouble() * 2 - 0.5);
            case 5 -> NODES.numberNode(1e300 * random.nextInt(10));
            case 6 -> NODES.numberNode(Long.MAX_VALUE);
            case 7 -> NODES.textNode("");
            case 8 -> NODES.textNode("pc_high");
            case 9 -> NODES.textNode("\u00e9\u0000\ud83d\ude80");
            case 10 -> NODES.arrayNode();
            case 11 -> NODES.objectNode();
            case 12 -> NODES.arrayNode().add(1).add("model").add(0.5);
            default -> NODES.numberNode(1 + random.nextInt(5000));
        };
    }

    private static ObjectNode range(Random random) {
        ObjectNode r = NODES.objectNode();
        for (String f : List.of("from", "to", "step", "times")) {
            if (random.nextBoolean()) {
                r.set(f, random.nextInt(4) == 0 ? randomValue(random) : NODES.numberNode(random.nextDouble() * 64));
            }
        }
        return r;
    }

    private static String typo(String s, Random random) {
        if (s.isEmpty()) {
            return "?";
        }
        StringBuilder b = new StringBuilder(s);
        int i = random.nextInt(b.length());
        switch (random.nextInt(3)) {
            case 0 -> b.deleteCharAt(i);
            case 1 -> b.insert(i, (char) ('a' + random.nextInt(26)));
            default -> b.setCharAt(i, (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String insert(String text, Random random) {
        String[] junk = {"{", "}", "[", "]", ",", ":", "\"", "//", "NaN", "\\u12", "\n"};
        int at = random.nextInt(text.length());
        return text.substring(0, at) + junk[random.nextInt(junk.length)] + text.substring(at);
    }

}
