package org.roofsweep.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one or more files, so that a user sees all of them at once rather than one per run. */
public final class Problems {
    private final List<String> messages = new ArrayList<>();

    public void add(String file, String jsonPath, String message) {
        messages.add(file + ": " + jsonPath + ": " + message);
    }

    /** A message that already names its file (e.g. from a {@link ConfigException}). */
    public void add(String message) {
        messages.add(message);
    }

    public void addAll(Problems other) {
        messages.addAll(other.messages);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Throws a {@link ConfigException} holding every problem collected, if there is any. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
