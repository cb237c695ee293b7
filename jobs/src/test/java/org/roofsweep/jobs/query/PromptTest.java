package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive prompt fed a scripted input: multi-line statements, .views, errors that do not end it, history. */
class PromptTest {
    @Test
    void runsStatementsSpanningLinesListsViewsAndKeepsAHistory(@TempDir Path tmp) throws IOException {
        String script = """
                .views
                SELECT count(*) AS n
                  FROM points;
                SELECT no_such_column FROM points;
                SELECT 'still here' AS alive;
                .quit
                SELECT 'never run' AS after;
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path history = tmp.resolve("history");
        try (Engine e = DuckDbEngine.open(SmallSweep.tables(SmallSweep.get().dir()), SmallSweep.CATALOGS)) {
            new Prompt(e, 10).run(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, history);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        long n = SmallSweep.get().evaluations().size();
        assertTrue(text.contains("points (points of sweep "), text);
        assertTrue(text.contains("gpus (the GPU catalog): key string"), text);
        assertTrue(text.matches("(?s).*\\n\\s*" + n + "\\n\\(1 row\\).*"), "the two-line count\n" + text);
        assertTrue(text.contains("error: SQL: ") && text.contains("no_such_column"), text);
        assertTrue(text.contains("still here"), "an error does not end the prompt\n" + text);
        assertTrue(!text.contains("never run"), ".quit leaves\n" + text);
        String saved = Files.readString(history);
        assertTrue(saved.contains("SELECT 'still here' AS alive;"), saved);
    }
}
