package org.roofsweep.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The texts of one infeasibility reason that a sweep meets with few distinct values (a model and an image count, a
 * weight width, a context and a model's limit), each built once and the same {@code String} handed out for it after.
 * Why: a grid's infeasible rows repeat a few dozen such texts millions of times (a text-only model asked about
 * images: 2.08 M of bench-5m's 5.08 M rows, BENCHMARKS.md, issue 20, ninth session), and a text built anew for
 * each row is concatenated by the core and then hashed and compared byte by byte by a table's writer; the same
 * instance carries its cached hash and compares by identity.
 *
 * <p>A key is an object compared by identity (a catalog record) with a {@code long} beside it; the text is a pure
 * function of them ({@code build}), so which instance a caller gets never changes its content. The table is bounded:
 * a key is looked for in the {@link #PROBES} slots from its hash on and, when absent, takes the first empty one, or
 * the first of them when all are taken (a sweep's few dozen live keys fit; a grid of many more gets some texts built
 * anew, equal in content). Entries are immutable and published whole, so threads share a table without locks; a
 * race at most builds one text twice.
 */
public final class ReasonTexts {
    /** Builds the text of a key. */
    @FunctionalInterface
    public interface Builder<K> {
        String text(K ref, long value);
    }

    private record Entry(Object ref, long value, String text) {
    }

    /** Slots a key may take, from its hash on. */
    static final int PROBES = 8;

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    /** A table of {@code slots} entries, a power of two of at least {@link #PROBES}. */
    public ReasonTexts(int slots) {
        if (slots < PROBES || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two of at least " + PROBES + ", found "
                    + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** The text of ({@code ref}, {@code value}): the one built before for the same key, else {@code build}'s. */
    public <K> String text(K ref, long value, Builder<K> build) {
        // every bit of the value reaches the slot's bits (a value whose low bits are zero, as a packed key's, too)
        long z = (value + System.identityHashCode(ref)) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        int home = (int) (z ^ (z >>> 32));
        int free = -1;
        for (int j = 0; j < PROBES; j++) {
            int slot = (home + j) & mask;
            Entry e = slots.get(slot);
            if (e == null) {
                free = free < 0 ? slot : free;
            } else if (e.ref == ref && e.value == value) {
                return e.text;
            }
        }
        String text = build.text(ref, value);
        slots.set(free >= 0 ? free : home & mask, new Entry(ref, value, text));
        return text;
    }
}
