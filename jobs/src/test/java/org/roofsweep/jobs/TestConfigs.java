package org.roofsweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sweep configs written by tests. */
final class TestConfigs {
    /** 2 platforms x 3 models x 4 systems x 5 batch sizes x 2 prompt lengths = 240 points, some infeasible. */
    static final String TINY = """
            {
              "name": "tiny",
              "axes": {
                "platforms": ["pc_high", "rtx3060_12gb+i7_12700k"],
                "models": ["llama2_7b", "relu_llama2_7b", "llava_1_5_7b"],
                "systems": ["dense-gpu", "layer-offload", "powerinfer", "sparse-gpu"],
                "batch_sizes": [1, 4, 16, 64, 256],
                "prompt_tokens": [512, 4096],
                "generated_tokens": [64]
              },
              "operators": {"every": 50}
            }
            """;

    private TestConfigs() {
    }

    /** Writes {@code json} to {@code dir/name.json} and returns the path as text. */
    static String write(Path dir, String name, String json) {
        try {
            Path f = dir.resolve(name + ".json");
            Files.writeString(f, json);
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
