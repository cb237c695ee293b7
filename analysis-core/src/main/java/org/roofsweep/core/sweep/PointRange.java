package org.roofsweep.core.sweep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open range of point ids {@code [from, to)} of a grid: what one run evaluates. A sweep can be run in pieces
 * ({@code --range}) appended to one table; the run manifest lists the ranges a table holds.
 */
public record PointRange(long from, long to) implements java.io.Serializable {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,19})?:(\\d{1,19})?");

    public PointRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad point range [" + from + ", " + to + ")");
        }
    }

    /**
     * {@code FROM:TO} (either end may be left out) within a grid of {@code size} points; null means all of it.
     *
     * @throws IllegalArgumentException naming the {@code --range} text when it is not a non-empty part of the grid
     */
    public static PointRange parse(String text, long size) {
        if (text == null) {
            return new PointRange(0, size);
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--range expects FROM:TO (point ids, TO excluded), found \"" + text + "\"");
        }
        long from;
        long to;
        try {
            from = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            to = m.group(2) == null ? size : Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--range " + text + ": a point id above 2^63");
        }
        if (from >= to || to > size) {
            throw new IllegalArgumentException("--range " + text + " is not a non-empty part of the grid's point ids [0, "
                    + size + ")");
        }
        return new PointRange(from, to);
    }

    public long size() {
        return to - from;
    }

    public boolean overlaps(PointRange o) {
        return from < o.to && o.from < to;
    }

    /**
     * Point ids of part {@code i} of {@code n} equal parts of this range: part i starts at {@code from + i * size / n}
     * (integer division). The sweep's tasks and its progress line both slice a range this way.
     */
    public PointRange slice(int i, int n) {
        return new PointRange(from + split(i, n), from + split(i + 1, n));
    }

    private long split(int i, int n) {
        return BigInteger.valueOf(size()).multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))
                .longValueExact();
    }

    /** Sorted, with adjacent ranges merged. */
    public static List<PointRange> normalized(List<PointRange> ranges) {
        List<PointRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(PointRange::from));
        List<PointRange> out = new ArrayList<>();
        for (PointRange r : sorted) {
            PointRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.to == r.from) {
                out.set(out.size() - 1, new PointRange(last.from, r.to));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return from + ":" + to;
    }
}
