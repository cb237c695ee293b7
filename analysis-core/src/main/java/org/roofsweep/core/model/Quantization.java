package org.roofsweep.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.StrictObject;

/**
 * Weight formats and their stored bits per weight, from {@code configs/quantization.json}; resolves the spellings of
 * measurement files and sweeps ("Q4_K_M (~4.8 bpw)", "EXL2 4.0 bpw", "q4_0", 16).
 */
public record Quantization(Map<String, Double> bitsByName) {
    private static final Pattern EXL2 = Pattern.compile("exl2\\s+([0-9]+(?:\\.[0-9]+)?)\\s*bpw");

    public static Quantization load(Path configs) {
        Path file = configs.resolve("quantization.json");
        Problems problems = new Problems();
        JsonNode root = JsonFiles.read(file);
        StrictObject o = StrictObject.root(file.toString(), root, problems);
        o.optionalText("notes", "");
        Map<String, Double> bits = new LinkedHashMap<>();
        StrictObject formats = o.object("formats");
        if (formats != null) {
            root.get("formats").fieldNames().forEachRemaining(name -> {
                StrictObject f = formats.object(name);
                if (f == null) {
                    return;
                }
                double b = f.knownFigure("bits_per_weight", 1, 32);
                var aliases = f.textList("aliases", false);
                f.finish();
                bits.put(name.toLowerCase(Locale.ROOT), b);
                aliases.forEach(a -> bits.put(a.toLowerCase(Locale.ROOT), b));
            });
            formats.finish();
        }
        o.finish();
        problems.throwIfAny();
        return new Quantization(bits);
    }

    /** Bits per weight of a format name or alias, or of "EXL2 x bpw"; empty when unknown or not stated. */
    public Optional<Double> bitsPerWeight(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Double b = bitsByName.get(n);
        if (b != null) {
            return Optional.of(b);
        }
        Matcher m = EXL2.matcher(n);
        if (m.find()) {
            return Optional.of(Double.parseDouble(m.group(1)));
        }
        return Optional.empty();
    }
}
