package org.roofsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;

class JsonTextTest {
    @Test
    void everyShippedJsonConfigIsWrittenBackByteForByte() throws IOException {
        for (String name : new String[] {"calibration.json", "quantization.json"}) {
            Path file = TestCatalogs.CONFIGS.resolve(name);
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), JsonText.write(JsonFiles.read(file)), name);
        }
    }

    @Test
    void textIsAsciiWithPythonsEscapesAndNumbersKeepTheirDecimals() {
        // é is U+00E9, the tab and the quote escaped as json.dumps(ensure_ascii=True) writes them; 0.10 keeps its zero
        String json = "{\"a\": [1, 0.10, 1.0E-4, true, null], \"b\": {}, \"c\": [], \"d\": \"\u00e9\\t\\\"\"}";
        assertEquals("{\n  \"a\": [\n    1,\n    0.10,\n    0.00010,\n    true,\n    null\n  ],\n  \"b\": {},\n"
                + "  \"c\": [],\n  \"d\": \"\\u00e9\\t\\\"\"\n}\n", JsonText.write(JsonFiles.parse("t.json", json)));
    }
}
