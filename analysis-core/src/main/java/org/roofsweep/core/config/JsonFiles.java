package org.roofsweep.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads JSON files into trees, turning I/O and syntax failures into {@link ConfigException}s that name the file. */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonFiles() {
    }

    public static JsonNode read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
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
