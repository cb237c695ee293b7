package org.roofsweep.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" for unknown names: the closest known names by edit distance. */
public final class Suggest {
    private Suggest() {
    }

    public static List<String> closest(String name, Collection<String> known, int count) {
        String n = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .sorted(Comparator.comparingInt((String k) -> distance(n, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(k -> k))
                .limit(count)
                .toList();
    }

    /** "unknown gpu "x" (closest known: a, b, c)". */
    public static String unknown(String what, String name, Collection<String> known) {
        return "unknown " + what + " \"" + name + "\" (closest known: " + String.join(", ", closest(name, known, 3))
                + ")";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
