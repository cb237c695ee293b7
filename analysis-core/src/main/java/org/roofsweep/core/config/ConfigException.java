package org.roofsweep.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration file is wrong. Carries every problem found in the file at once; each names the file, the JSON path
 * and what was expected. The message lists the first {@value #MAX_LISTED}, then how many more there are, so one bad
 * range of a hundred thousand values reads as a screenful, not a flood.
 */
public final class ConfigException extends RuntimeException {
    /** Problems a message lists before it only counts the rest. */
    public static final int MAX_LISTED = 20;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), listed(problems)));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Every problem found. */
    public List<String> problems() {
        return problems;
    }

    /** The problems to print: the first {@value #MAX_LISTED}, then a line with the count of the others. */
    public List<String> listed() {
        return listed(problems);
    }

    private static List<String> listed(List<String> all) {
        if (all.size() <= MAX_LISTED) {
            return all;
        }
        List<String> shown = new ArrayList<>(all.subList(0, MAX_LISTED));
        int more = all.size() - MAX_LISTED;
        shown.add("... and " + more + " more problem" + (more == 1 ? "" : "s") + " (" + all.size() + " in all)");
        return shown;
    }
}
