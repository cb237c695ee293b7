package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.cli.UserException;

class QueryTextTest {
    private static final String SQL = """
            -- param: model = llava_1_5_7b
            -- param: target = 20
            --   param: ratio = 0.5
            -- param: label = 'two words'
            SELECT * FROM points WHERE model = :model
            """;

    @Test
    void commentDefaultsAreTypedByTheirText() {
        assertEquals(Map.of("model", "llava_1_5_7b", "target", 20L, "ratio", 0.5, "label", "two words"),
                QueryText.of(SQL, List.of()).params());
    }

    @Test
    void commandLineValuesOverrideDefaults() {
        Map<String, Object> p = QueryText.of(SQL, List.of("target=1e3", "model=llava_1_5_13b", "extra=7b")).params();
        assertEquals(1000.0, p.get("target"));
        assertEquals("llava_1_5_13b", p.get("model"));
        assertEquals("7b", p.get("extra"), "a number followed by letters is text");
    }

    @Test
    void malformedInputIsAUserError() {
        assertThrows(UserException.class, () -> QueryText.of(SQL, List.of("target")));
        assertThrows(UserException.class, () -> QueryText.of("  \n", List.of()));
    }
}
