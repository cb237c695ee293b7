package org.roofsweep.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads JSON files into trees, turning I/O and syntax failures into {@link ConfigException}s that name the file. The
 * reading is strict: one JSON value and nothing after it, no key twice, UTF-8 text (with or without a BOM; see
 * {@link TextFiles}). Fractions are kept as the exact decimals written ({@code 0.10} stays {@code 0.10}, {@code 1e400}
 * is not infinity), so a message quotes a number as the file has it and a range check sees its true value.
 */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private JsonFiles() {
    }

    public static JsonNode read(Path file) {
        try {
            return parse(file.toString(), TextFiles.utf8(file.toString(), Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static JsonNode parse(String fileName, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ConfigException(fileName + ": $: empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(fileName + ": malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    /** The {@code *.json} files of a folder, sorted by name; a missing folder is an error naming it. */
    public static List<Path> jsonFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": folder not found");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList());
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list: " + e.getMessage());
        }
    }
}
