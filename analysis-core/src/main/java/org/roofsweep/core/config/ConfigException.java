package org.roofsweep.core.config;

import java.util.List;

/**
 * A configuration file is wrong. Carries every problem found in the file at once; each names the file, the JSON path
 * and what was expected.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
