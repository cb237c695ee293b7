package org.roofsweep.jobs.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;

/**
 * The dictionary of one column chunk, as parquet-java's dictionary writers keep it: ids in the order values are first
 * seen, int and long values by their bits, strings by their UTF-8 bytes (encoded once per chunk), and the bytes its
 * PLAIN dictionary page will take (4-byte length and bytes per string, the plain width per number).
 */
final class ChunkDictionary {
    private final int plainWidth;
    private final LongIds numberIds = new LongIds();
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final List<Binary> strings = new ArrayList<>();
    /** {@code pageOf[id] == page}: string {@code id} is in that page's statistics already. */
    private int[] pageOf = new int[64];
    private long bytes;

    /** {@code plainWidth}: bytes of a number in the dictionary page (8 for longs, 4 for ints; unused for strings). */
    ChunkDictionary(int plainWidth) {
        this.plainWidth = plainWidth;
    }

    void clear() {
        numberIds.clear();
        stringIds.clear();
        strings.clear();
        bytes = 0;
    }

    /** Entries: the numbers' or the strings', whichever the column holds. */
    int size() {
        return Math.max(numberIds.size(), strings.size());
    }

    /** The bytes of the dictionary page so far. */
    long bytes() {
        return bytes;
    }

    /** The id of a number, a new one if it is new. */
    int numberId(long v) {
        int before = numberIds.size();
        int id = numberIds.id(v);
        if (numberIds.size() > before) {
            bytes += plainWidth;
        }
        return id;
    }

    /**
     * The id of a string, a new one if it is new; the statistics of page {@code page} take each distinct string
     * once.
     */
    int stringId(String v, Statistics<?> stats, int page) {
        // a text the core built once (ReasonTexts, the catalog's keys) comes again as the same instance: its hash is
        // cached in it and HashMap compares the key's reference before its bytes, so it is found by identity
        Integer id = stringIds.get(v);
        if (id == null) {
            id = strings.size();
            Binary b = utf8(v);
            stringIds.put(v, id);
            strings.add(b);
            bytes += 4 + b.length();
            if (id == pageOf.length) {
                pageOf = Arrays.copyOf(pageOf, id * 2);
            }
        }
        if (pageOf[id] != page) {
            pageOf[id] = page;
            stats.updateStats(strings.get(id));
        }
        return id;
    }

    static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The UTF-8 bytes of string {@code id}. */
    int stringLength(int id) {
        return strings.get(id).length();
    }

    /** The chunk's dictionary page, PLAIN, if it has entries; {@code sink} is scratch space. */
    void write(PageSink sink, PageWriter out) throws IOException {
        int entries = size();
        if (entries == 0) {
            return;
        }
        sink.reset();
        if (!strings.isEmpty()) {
            for (Binary b : strings) {
                sink.plainBinary(b);
            }
        } else {
            for (int id = 0; id < entries; id++) {
                sink.littleEndian(numberIds.value(id), plainWidth);
            }
        }
        out.writeDictionaryPage(new DictionaryPage(BytesInput.from(sink.copy()), entries, Encoding.PLAIN_DICTIONARY));
    }
}
