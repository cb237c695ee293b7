package org.roofsweep.core.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;
import org.roofsweep.core.config.Problems;
import org.roofsweep.core.config.StrictObject;

/** The models of {@code configs/models/}, validated on load (every problem of every file in one exception). */
public record ModelCatalog(Map<String, ModelSpec> models) {

    public ModelCatalog {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    public static ModelCatalog load(Path configs) {
        Problems problems = new Problems();
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        for (Path f : JsonFiles.jsonFilesIn(configs.resolve("models"))) {
            String file = f.toString();
            Problems p = new Problems();
            try {
                ModelSpec m = ModelFile.read(StrictObject.root(file, JsonFiles.read(f), p));
                String expected = f.getFileName().toString().replaceFirst("\\.json$", "");
                if (m != null && !m.key().equals(expected)) {
                    p.add(file, "$.key", "key \"" + m.key() + "\" must equal the file name \"" + expected + "\"");
                }
                if (m != null && p.isEmpty()) {
                    models.put(m.key(), m);
                }
            } catch (ConfigException e) {
                e.problems().forEach(p::add);
            }
            problems.addAll(p);
        }
        problems.throwIfAny();
        return new ModelCatalog(models);
    }

    public Optional<ModelSpec> model(String key) {
        return Optional.ofNullable(models.get(key));
    }

    /** A model by key or alias (case-insensitive), e.g. for the free-text model names of measurement files. */
    public Optional<ModelSpec> modelByName(String name) {
        ModelSpec byKey = models.get(name);
        if (byKey != null) {
            return Optional.of(byKey);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return models.values().stream()
                .filter(m -> m.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n)))
                .findFirst();
    }

    /** This catalog plus one more model (e.g. imported from a Hugging Face config.json). */
    public ModelCatalog with(ModelSpec m) {
        Map<String, ModelSpec> copy = new LinkedHashMap<>(models);
        copy.put(m.key(), m);
        return new ModelCatalog(copy);
    }
}
