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
    /** A stated "N bpw" anywhere in the name ("EXL2 4.0 bpw", "custom mix (4.3 bpw)"). */
    private static final Pattern BPW = Pattern.compile("(?<![0-9.a-z_])([0-9]+(?:\\.[0-9]+)?)\\s*bpw");
    /** The leading format token of a name as sources write it ("Q4_0 (4.5 bpw, 3.56 GiB)" -> "q4_0"). */
    private static final Pattern LEADING = Pattern.compile("^([a-z0-9_]+)");
    /**
     * A format's row-interleaved variant ("q5_0_r4", "iq4_xs_r8"): ik_llama.cpp's _R4/_R8/_R16 types hold the blocks
     * of 4, 8 or 16 rows of the plain type side by side, the same bytes per weight (ggml/src/ggml-common.h at
     * ikawrakow/ik_llama.cpp 8337e4cd3: sizeof(block_iq4_xs_r8) == 8 x sizeof(block_iq4_xs), sizeof(block_iq4_k_r4)
     * == 4 x sizeof(block_iq4_k), block_q5_0_r4 = 4 scales + 64 bytes of nibbles + 16 of fifth bits = 4 x 22 bytes).
     */
    private static final Pattern INTERLEAVED = Pattern.compile("^([a-z0-9_]+)_r(?:4|8|16)$");
    /** A name joining several formats ("FP16 and INT4", "Q4_0 + F16") states no one format. */
    private static final Pattern MIXTURE = Pattern.compile("\\band\\b|\\+|/");

    public static Quantization load(Path configs) {
        Path file = configs.resolve("quantization.json");
        Problems problems = new Problems();
        JsonNode root = JsonFiles.read(file);
        StrictObject o = StrictObject.root(file.toString(), root, problems);
        o.optionalText("notes", "");
        Map<String, Double> bits = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
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
                claim(formats, name, name, "", owner);
                aliases.forEach(a -> claim(f, "aliases", a, name, owner));
                bits.put(name.toLowerCase(Locale.ROOT), b);
                aliases.forEach(a -> bits.put(a.toLowerCase(Locale.ROOT), b));
            });
            formats.finish();
        }
        o.finish();
        problems.throwIfAny();
        return new Quantization(bits);
    }

    /**
     * Records that {@code spelling} (case-insensitive) names format {@code format} (empty: it is a format's own
     * name); a spelling that already names another format is a problem at {@code field}: which format a sweep or
     * measurement meant would depend on the order of the file.
     */
    private static void claim(StrictObject at, String field, String spelling, String format,
            Map<String, String> owner) {
        String key = spelling.toLowerCase(Locale.ROOT);
        String self = format.isEmpty() ? spelling : format;
        String before = owner.putIfAbsent(key, self);
        if (before != null && !before.equals(self)) {
            at.problem(field, "\"" + spelling + "\" already names the format \"" + before + "\" (spellings are "
                    + "matched case-insensitively, so each may name one format once)");
        }
    }

    /**
     * The format a name as sources write it starts with, lower case ({@code Q4_K_M (3.80 GiB)} -> {@code q4_k_m});
     * empty where it starts with none (a stated bpw, a bracket).
     */
    public static String leadingFormat(String name) {
        Matcher lead = LEADING.matcher(name.trim().toLowerCase(Locale.ROOT));
        return lead.find() ? lead.group(1) : "";
    }

    /**
     * Whether a name as sources write it starts with a row-interleaved format ({@code Q5_0_R4 (4.5 bpw)},
     * {@code iq4_xs_r8}): the one reading of ik_llama.cpp's _R4/_R8/_R16 names, for the bits here and the CPU
     * engine's repacked kernels.
     */
    public static boolean rowInterleaved(String name) {
        return INTERLEAVED.matcher(leadingFormat(name)).matches();
    }

    /**
     * Bits per weight of a name as sources write it: the whole name as a format or alias; else a known format name at
     * its start, before any space or bracket ({@code Q4_K_M (3.80 GiB)}, {@code AWQ INT4}, {@code MXFP4}), or its
     * row-interleaved variant ({@code Q5_0_R4}: Q5_0's bits); else a stated {@code N bpw}. Empty when none of these is
     * there, or when the name joins several formats.
     */
    public Optional<Double> bitsPerWeight(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Double b = bitsByName.get(n);
        if (b != null) {
            return Optional.of(b);
        }
        if (MIXTURE.matcher(n).find()) {
            return Optional.empty();
        }
        String leading = leadingFormat(n);
        if (!leading.isEmpty()) {
            Matcher plain = INTERLEAVED.matcher(leading);
            String format = plain.matches() && !bitsByName.containsKey(leading) ? plain.group(1) : leading;
            if (bitsByName.containsKey(format)) {
                return Optional.of(bitsByName.get(format));
            }
        }
        Matcher m = BPW.matcher(n);
        if (m.find()) {
            return Optional.of(Double.parseDouble(m.group(1)));
        }
        return Optional.empty();
    }
}
