package org.roofsweep.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.write.IcebergTables;
import org.roofsweep.jobs.write.RunManifest;

/** The run manifest of the sweep (the points snapshot's {@code roofsweep.run} summary property), as a table. */
final class RunInfo {
    private RunInfo() {
    }

    /**
     * The sweep's {@code flash_attention} as its run manifest records it; on (the only setting there was before it was
     * recorded, and the sweep default) when the sweep has no readable manifest.
     */
    static boolean flashAttention(Optional<byte[]> runJson) {
        if (runJson.isEmpty()) {
            return true;
        }
        try {
            return RunManifest.fromJson(runJson.get(), "the run manifest").flashAttentionOn();
        } catch (UserException e) {
            return true;
        }
    }

    static void write(ReportContext cx, Optional<byte[]> runJson) {
        if (runJson.isEmpty()) {
            return;
        }
        cx.html().heading(2, "Run");
        try {
            JsonNode root = new ObjectMapper().readTree(runJson.get());
            List<List<String>> rows = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode()) {
                    rows.add(List.of(e.getKey(), e.getValue().asText()));
                }
            }
            cx.html().table(List.of("run manifest field", "value"), rows, new boolean[] {false, false});
        } catch (IOException e) {
            cx.html().muted("the run manifest (the points snapshot's " + IcebergTables.RUN
                    + " property) is unreadable: " + e.getMessage());
        }
    }
}
