package org.roofsweep.core.validate;

import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the build a measurement ran was made, as its {@code framework} text states it: an ISO date
 * ({@code 2024-06-23}, {@code 2024-06}), a month and year ({@code ~May 2024}, {@code Jan 2024}) or a part of a year
 * ({@code early 2024}: March 1; {@code mid 2024}: July 1; {@code late 2024}: October 1). A text naming none (a bare
 * build hash, a version) is undated: its row runs today's kernels, as a sweep does.
 *
 * <p>A date stated without its day is read as the first day it names: {@code May 2025} and {@code 2025-05} as
 * 2025-05-01, a part of a year as the first of its month above. Every use compares a build date with the date of a
 * change ({@code isBefore}: the ggml-backend scheduler, a kernel generation's end, the fused CLIP attention), so a
 * build stated only by the month a change was merged in counts as before that change, unless the change was merged
 * on the 1st.
 */
public final class BuildDate {
    private static final Pattern ISO = Pattern.compile("\\b(20\\d\\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01]))?\\b");
    private static final Pattern MONTH = Pattern.compile(
            "\\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? (20\\d\\d)\\b");
    private static final Pattern PART = Pattern.compile("\\b(early|mid|late) (20\\d\\d)\\b");

    private BuildDate() {
    }

    /** The build date the text states, its first day where it names only a month or a part of a year. */
    public static Optional<LocalDate> of(String framework) {
        String text = framework.toLowerCase(Locale.ROOT);
        Matcher iso = ISO.matcher(text);
        if (iso.find()) {
            int day = iso.group(3) == null ? 1 : Integer.parseInt(iso.group(3));
            return Optional.of(LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), day));
        }
        Matcher month = MONTH.matcher(text);
        if (month.find()) {
            for (Month m : Month.values()) {
                if (m.name().toLowerCase(Locale.ROOT).startsWith(month.group(1))) {
                    return Optional.of(LocalDate.of(Integer.parseInt(month.group(2)), m, 1));
                }
            }
        }
        Matcher part = PART.matcher(text);
        if (part.find()) {
            int monthOfYear = switch (part.group(1)) {
                case "early" -> 3;
                case "mid" -> 7;
                default -> 10;
            };
            return Optional.of(LocalDate.of(Integer.parseInt(part.group(2)), monthOfYear, 1));
        }
        return Optional.empty();
    }
}
