package org.roofsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.CliRun;

/** {@code catalog cpus|models --json} lists every key of the shared key lists (vendored beside the core's tests). */
class CatalogCommandTest {
    private static final Path REFERENCE = Path.of("analysis-core", "src", "test", "resources", "reference");

    @Test
    void catalogCpusJsonListsAllFiftySixCpuKeys() throws IOException {
        assertListsEveryKey("cpus", "cpu-keys.csv", 56);
    }

    @Test
    void catalogModelsJsonListsAllThirtyThreeModelKeysWithWhatIsNotModelled() throws IOException {
        JsonNode rows = assertListsEveryKey("models", "model-keys.csv", 33);
        for (JsonNode r : rows) {
            if (r.get("key").asText().equals("pixtral_12b")) {
                // the load-time report of what the graph leaves out travels with the JSON
                assertTrue(r.get("unmodelled").toString().contains("2D RoPE"), r.toString());
            }
        }
    }

    private static JsonNode assertListsEveryKey(String kind, String csv, int expected) throws IOException {
        CliRun r = CliRun.of("catalog", kind, "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        Set<String> listed = new HashSet<>();
        rows.forEach(row -> listed.add(row.get("key").asText()));
        List<String> keys = Files.readAllLines(REFERENCE.resolve(csv)).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",", 2)[0]).toList();
        assertEquals(expected, keys.size(), csv);
        for (String key : keys) {
            assertTrue(listed.contains(key), "catalog " + kind + " --json lacks " + key);
        }
        return rows;
    }
}
