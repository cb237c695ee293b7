package org.roofsweep.jobs.write;

import java.util.Arrays;

/** Dictionary ids of 64-bit values in the order first seen: open addressing, no boxing. */
final class LongIds {
    private long[] keys = new long[64];
    private int[] slots = new int[64]; // id + 1, 0 for empty
    private long[] values = new long[32];
    private int size;

    int size() {
        return size;
    }

    long value(int id) {
        return values[id];
    }

    void clear() {
        if (slots.length > 1024) { // a chunk of many distinct values (ids): do not keep its table for the next
            keys = new long[64];
            slots = new int[64];
            values = new long[32];
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
    }

    /** The id of {@code v}, a new one if it is new. */
    int id(long v) {
        int mask = slots.length - 1;
        int at = (int) (mix(v) & mask);
        while (slots[at] != 0) {
            if (keys[at] == v) {
                return slots[at] - 1;
            }
            at = (at + 1) & mask;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = v;
        keys[at] = v;
        slots[at] = ++size;
        if (size * 2 > slots.length) {
            grow();
        }
        return size - 1;
    }

    private void grow() {
        keys = new long[slots.length * 2];
        slots = new int[keys.length];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int at = (int) (mix(values[id]) & mask);
            while (slots[at] != 0) {
                at = (at + 1) & mask;
            }
            keys[at] = values[id];
            slots[at] = id + 1;
        }
    }

    private static long mix(long v) {
        long x = v * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 32);
    }
}
