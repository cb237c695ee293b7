package org.roofsweep.jobs.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The data pages of one column chunk (one column of one row group), each encoded at once from a {@link ColumnBatch}
 * as parquet-java's V1 writer encodes it value by value: definition levels in the RLE / bit-packed hybrid, values
 * PLAIN or, for int, long and string columns, PLAIN_DICTIONARY ids in the hybrid, with the dictionary page at the
 * chunk's end; page statistics (min, max, nulls) and size statistics as parquet-java's. The page writer compresses
 * each page, checksums it and indexes it. Dictionary rules are parquet-java's: a chunk whose first page the dictionary
 * does not shrink is written PLAIN (a column of distinct ids), and a dictionary past
 * {@link ParquetProperties#DEFAULT_DICTIONARY_PAGE_SIZE} bytes takes no more values (later pages PLAIN).
 *
 * <p>Work per value is one array read, a compare for the statistics and, with a dictionary, one hash lookup that runs
 * of equal values skip; levels and ids are packed eight at a time, runs of eight or more equal ones as one RLE run.
 */
final class PageEncoder {
    private static final int MAX_DICTIONARY_BYTES = ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE;

    private final ColumnDescriptor column;
    private final PrimitiveTypeName type;
    private final boolean optional;
    private final boolean dictionaryWanted;
    private final int plainWidth;
    private final PageBuffers buffers;
    private final PageSink page;
    private int[] levels;
    private int[] ids;
    /** The chunk's dictionary: int and long values by their bits, strings by their bytes. */
    private final LongIds numberIds = new LongIds();
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final List<Binary> strings = new ArrayList<>();
    /** {@code pageOf[id] == pages}: dictionary string {@code id} is in this page's statistics already. */
    private int[] pageOf = new int[64];
    private int pages;
    /** The UTF-8 bytes of this page's strings, for its size statistics. */
    private long stringBytes;
    private long dictionaryBytes;
    private boolean dictionary;
    private boolean firstPage;

    PageEncoder(ColumnDescriptor column, boolean dictionaryWanted, PageBuffers buffers) {
        this.buffers = buffers;
        this.page = buffers.page();
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.optional = column.getMaxDefinitionLevel() > 0;
        this.dictionaryWanted = dictionaryWanted && type != PrimitiveTypeName.BOOLEAN;
        this.plainWidth = switch (type) {
            case INT64, DOUBLE -> 8;
            case INT32 -> 4;
            default -> 0;
        };
        startChunk();
    }

    /** A new column chunk (row group): a new dictionary. */
    void startChunk() {
        numberIds.clear();
        stringIds.clear();
        strings.clear();
        dictionaryBytes = 0;
        dictionary = dictionaryWanted;
        firstPage = true;
    }

    /** Encodes the batch's values of its file column {@code k} as one data page. */
    void writePage(ColumnBatch<?> batch, int k, PageWriter out) throws IOException {
        int n = batch.size();
        boolean[] isNull = batch.nulls(k);
        buffers.ensure(n);
        levels = buffers.levels();
        ids = buffers.ids();
        Arrays.fill(levels, n, n + 8, 0);
        page.reset();
        int present = n;
        if (optional) {
            for (int i = 0; i < n; i++) {
                levels[i] = isNull[i] ? 0 : 1;
            }
            int start = page.reserveInt();
            page.hybrid(levels, n, 1);
            page.patchInt(start, page.size() - start - 4);
            present = 0;
            for (int i = 0; i < n; i++) {
                present += levels[i];
            }
        }
        Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
        stats.incrementNumNulls(n - present);
        stringBytes = 0;
        pages++;
        Encoding encoding;
        if (type == PrimitiveTypeName.BINARY) {
            String[] values = batch.strings(k);
            encoding = dictionary ? dictionaryStrings(values, isNull, n, present, stats)
                    : plainStrings(values, isNull, n, stats);
        } else {
            long[] bits = batch.bits(k);
            numberStatistics(bits, isNull, n, present, stats);
            encoding = dictionary ? dictionaryNumbers(bits, isNull, n, present) : plainNumbers(bits, isNull, n);
        }
        firstPage = false;
        out.writePage(page.input(), n, n, stats,
                new SizeStatistics(column.getPrimitiveType(), stringBytes, List.of(), List.of()), null,
                Encoding.BIT_PACKED, optional ? Encoding.RLE : Encoding.BIT_PACKED, encoding);
    }

    /** The chunk's dictionary page, if its pages used one; call once, after its last data page. */
    void finishChunk(PageWriter out) throws IOException {
        int entries = type == PrimitiveTypeName.BINARY ? strings.size() : numberIds.size();
        if (entries == 0) {
            return;
        }
        page.reset();
        if (type == PrimitiveTypeName.BINARY) {
            for (Binary b : strings) {
                page.plainBinary(b);
            }
        } else {
            for (int id = 0; id < entries; id++) {
                page.littleEndian(numberIds.value(id), plainWidth);
            }
        }
        out.writeDictionaryPage(new DictionaryPage(BytesInput.from(page.copy()), entries, Encoding.PLAIN_DICTIONARY));
    }

    private void numberStatistics(long[] bits, boolean[] isNull, int n, int present, Statistics<?> stats) {
        if (present == 0) {
            return;
        }
        switch (type) {
            case INT64, INT32 -> {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    if (!isNull[i]) {
                        min = Math.min(min, bits[i]);
                        max = Math.max(max, bits[i]);
                    }
                }
                if (type == PrimitiveTypeName.INT64) {
                    stats.updateStats(min);
                    stats.updateStats(max);
                } else {
                    stats.updateStats((int) min);
                    stats.updateStats((int) max);
                }
            }
            case DOUBLE -> {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (!isNull[i]) {
                        double v = Double.longBitsToDouble(bits[i]);
                        min = Double.compare(v, min) < 0 ? v : min;
                        max = Double.compare(v, max) > 0 ? v : max;
                    }
                }
                stats.updateStats(min);
                stats.updateStats(max);
            }
            case BOOLEAN -> {
                boolean anyTrue = false;
                boolean anyFalse = false;
                for (int i = 0; i < n; i++) {
                    if (!isNull[i]) {
                        anyTrue |= bits[i] != 0;
                        anyFalse |= bits[i] == 0;
                    }
                }
                if (anyFalse) {
                    stats.updateStats(false);
                }
                if (anyTrue) {
                    stats.updateStats(true);
                }
            }
            default -> throw new IllegalStateException("unmapped type " + type);
        }
    }

    private Encoding plainNumbers(long[] bits, boolean[] isNull, int n) {
        if (type == PrimitiveTypeName.BOOLEAN) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!isNull[i]) {
                    ids[m++] = (int) bits[i];
                }
            }
            Arrays.fill(ids, m, m + 8, 0);
            page.bitPacked(ids, m, 1);
            return Encoding.PLAIN;
        }
        for (int i = 0; i < n; i++) {
            if (!isNull[i]) {
                page.littleEndian(bits[i], plainWidth);
            }
        }
        return Encoding.PLAIN;
    }

    /**
     * The strings PLAIN, their statistics updated (if {@code stats} is not null) once per run of the same string;
     * each string is encoded to UTF-8 once per run.
     */
    private Encoding plainStrings(String[] values, boolean[] isNull, int n, Statistics<?> stats) {
        String last = null;
        Binary b = null;
        for (int i = 0; i < n; i++) {
            if (isNull[i]) {
                continue;
            }
            String v = values[i];
            if (v != last) {
                b = utf8(v);
                last = v;
                if (stats != null) {
                    stats.updateStats(b);
                }
            }
            stringBytes += b.length();
            page.plainBinary(b);
        }
        return Encoding.PLAIN;
    }

    private static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    private Encoding dictionaryNumbers(long[] bits, boolean[] isNull, int n, int present) {
        int m = 0;
        long last = 0;
        int lastId = -1;
        for (int i = 0; i < n; i++) {
            if (isNull[i]) {
                continue;
            }
            long v = bits[i];
            if (lastId < 0 || v != last) {
                int before = numberIds.size();
                lastId = numberIds.id(v);
                if (numberIds.size() > before) {
                    dictionaryBytes += plainWidth;
                }
                last = v;
            }
            ids[m++] = lastId;
        }
        return dictionaryIds(m, (long) present * plainWidth, numberIds.size(), () -> plainNumbers(bits, isNull, n));
    }

    /**
     * Dictionary ids of the strings (one lookup per run of the same instance), the statistics over the distinct
     * strings of the page; a string is encoded to UTF-8 once per chunk.
     */
    private Encoding dictionaryStrings(String[] values, boolean[] isNull, int n, int present, Statistics<?> stats) {
        int m = 0;
        String last = null;
        int lastId = -1;
        int lastLength = 0;
        for (int i = 0; i < n; i++) {
            if (isNull[i]) {
                continue;
            }
            String v = values[i];
            if (v != last) {
                Integer id = stringIds.get(v);
                if (id == null) {
                    id = strings.size();
                    Binary b = utf8(v);
                    stringIds.put(v, id);
                    strings.add(b);
                    dictionaryBytes += 4 + b.length();
                    if (id == pageOf.length) {
                        pageOf = Arrays.copyOf(pageOf, id * 2);
                    }
                }
                Binary b = strings.get(id);
                if (pageOf[id] != pages) {
                    pageOf[id] = pages;
                    stats.updateStats(b);
                }
                last = v;
                lastId = id;
                lastLength = b.length();
            }
            stringBytes += lastLength;
            ids[m++] = lastId;
        }
        return dictionaryIds(m, 4L * present + stringBytes, strings.size(), () -> {
            stringBytes = 0;
            return plainStrings(values, isNull, n, null);
        });
    }

    /**
     * Writes the page's {@code m} dictionary ids, or, on a chunk's first page that the dictionary does not make
     * smaller than PLAIN ({@code plainBytes}), drops the dictionary and writes the page PLAIN.
     */
    private Encoding dictionaryIds(int m, long plainBytes, int entries, java.util.function.Supplier<Encoding> plain) {
        int width = BytesUtils.getWidthFromMaxInt(Math.max(0, entries - 1));
        int levelsEnd = page.size();
        page.write(width);
        Arrays.fill(ids, m, m + 8, 0);
        page.hybrid(ids, m, width);
        if (firstPage && page.size() - levelsEnd + dictionaryBytes >= plainBytes) {
            // parquet-java's rule: a dictionary that does not shrink the first page is dropped for the chunk
            startChunk();
            dictionary = false;
            page.truncate(levelsEnd);
            return plain.get();
        }
        if (dictionaryBytes > MAX_DICTIONARY_BYTES) {
            dictionary = false; // full: later pages PLAIN
        }
        return Encoding.PLAIN_DICTIONARY;
    }
}
