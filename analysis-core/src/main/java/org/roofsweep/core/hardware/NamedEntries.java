package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.roofsweep.core.config.StrictObject;

/** The reading of a {@code calibration.json} object whose fields are named entries (engines, CPU engines). */
final class NamedEntries {
    private NamedEntries() {
    }

    /**
     * Each entry of an object of named entries ({@code es}, its JSON {@code node}) as {@code read} reads it: null for a
     * bad entry, whose problems it has recorded.
     */
    static <T> Map<String, T> read(StrictObject es, JsonNode node,
            java.util.function.BiFunction<String, StrictObject, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        if (es == null) {
            return out;
        }
        Iterator<String> keys = node.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            StrictObject e = es.object(key);
            T entry = e == null ? null : read.apply(key, e);
            if (entry != null) {
                out.put(key, entry);
            }
        }
        es.finish();
        return out;
    }
}
