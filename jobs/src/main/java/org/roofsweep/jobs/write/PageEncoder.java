package org.roofsweep.jobs.write;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
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
    private final ChunkDictionary dictionaryValues;
    private int pages;
    /** The UTF-8 bytes of this page's strings, for its size statistics. */
    private long stringBytes;
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
        this.dictionaryValues = new ChunkDictionary(plainWidth);
        startChunk();
    }

    /** A new column chunk (row group): a new dictionary. */
    void startChunk() {
        dictionaryValues.clear();
        dictionary = dictionaryWanted;
        firstPage = true;
    }

    /**
     * Encodes the batch's values of its file column {@code k} as one data page. A page without nulls whose runs of
     * equal values the batch recorded ({@link ValueRuns}) is encoded run by run: the same bytes, statistics and
     * dictionary as value by value (each run is one RLE run of its dictionary id when all but the last are 8 rows or
     * longer, as the hybrid writes them).
     */
    void writePage(ColumnBatch<?> batch, int k, PageWriter out) throws IOException {
        int n = batch.size();
        ValueRuns runs = batch.runs();
        int nulls = runs.nulls(k);
        buffers.ensure(n);
        levels = buffers.levels();
        ids = buffers.ids();
        page.reset();
        if (optional) {
            int start = page.reserveInt();
            if (nulls == 0 || nulls == n) { // n equal levels: the hybrid's one RLE run
                page.rleRun(n, nulls == 0 ? 1 : 0, 1);
            } else {
                boolean[] isNull = batch.nulls(k);
                for (int i = 0; i < n; i++) {
                    levels[i] = isNull[i] ? 0 : 1;
                }
                Arrays.fill(levels, n, n + 8, 0);
                page.hybrid(levels, n, 1);
            }
            page.patchInt(start, page.size() - start - 4);
        }
        int present = n - nulls;
        boolean byRuns = nulls == 0 && runs.recorded(k);
        Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
        stats.incrementNumNulls(nulls);
        stringBytes = 0;
        pages++;
        Encoding encoding;
        if (type == PrimitiveTypeName.BINARY) {
            encoding = !dictionary ? plainStrings(batch.strings(k), batch.nulls(k), n, stats)
                    : byRuns ? stringRuns(batch, runs, k, n, stats)
                    : dictionaryStrings(batch.strings(k), batch.nulls(k), n, present, stats);
        } else if (byRuns) { // the values at the runs' starts; every row only where written PLAIN
            PageStatistics.ofRuns(type, batch.runBits(k), runs, k, stats);
            encoding = dictionary ? numberRuns(batch, runs, k, n) : plainNumbers(batch.bits(k), batch.nulls(k), n);
        } else {
            long[] bits = batch.bits(k);
            boolean[] isNull = batch.nulls(k);
            PageStatistics.ofValues(type, bits, isNull, n, stats);
            encoding = dictionary ? dictionaryNumbers(bits, isNull, n, present) : plainNumbers(bits, isNull, n);
        }
        firstPage = false;
        out.writePage(page.input(), n, n, stats,
                new SizeStatistics(column.getPrimitiveType(), stringBytes, List.of(), List.of()), null,
                Encoding.BIT_PACKED, optional ? Encoding.RLE : Encoding.BIT_PACKED, encoding);
    }

    /** The chunk's dictionary page, if its pages used one; call once, after its last data page. */
    void finishChunk(PageWriter out) throws IOException {
        dictionaryValues.write(page, out);
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
        page.plainValues(bits, isNull, n, plainWidth);
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
                b = ChunkDictionary.utf8(v);
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
                lastId = dictionaryValues.numberId(v);
                last = v;
            }
            ids[m++] = lastId;
        }
        return dictionaryIds(m, (long) present * plainWidth, dictionaryValues.size(), () -> plainNumbers(bits, isNull, n),
                null, 0, n);
    }

    /** One dictionary id per run of column {@code k} (no nulls), in {@code ids[0, runs)}. */
    private Encoding numberRuns(ColumnBatch<?> batch, ValueRuns runs, int k, int n) {
        long[] starts = batch.runBits(k);
        int count = runs.count(k);
        for (int j = 0; j < count; j++) {
            ids[j] = dictionaryValues.numberId(starts[runs.start(k, j)]);
        }
        return dictionaryIds(count, (long) n * plainWidth, dictionaryValues.size(),
                () -> plainNumbers(batch.bits(k), batch.nulls(k), n), runs, k, n);
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
                lastId = dictionaryValues.stringId(v, stats, pages);
                last = v;
                lastLength = dictionaryValues.stringLength(lastId);
            }
            stringBytes += lastLength;
            ids[m++] = lastId;
        }
        return dictionaryIds(m, 4L * present + stringBytes, dictionaryValues.size(), () -> {
            stringBytes = 0;
            return plainStrings(values, isNull, n, null);
        }, null, 0, n);
    }

    /** One dictionary id per run of column {@code k} (no nulls), in {@code ids[0, runs)}. */
    private Encoding stringRuns(ColumnBatch<?> batch, ValueRuns runs, int k, int n, Statistics<?> stats) {
        String[] values = batch.runStrings(k);
        int count = runs.count(k);
        for (int j = 0; j < count; j++) {
            int from = runs.start(k, j);
            int to = runs.end(k, j, n);
            int id = dictionaryValues.stringId(values[from], stats, pages);
            stringBytes += (long) (to - from) * dictionaryValues.stringLength(id);
            ids[j] = id;
        }
        return dictionaryIds(count, 4L * n + stringBytes, dictionaryValues.size(), () -> {
            stringBytes = 0;
            return plainStrings(batch.strings(k), batch.nulls(k), n, null);
        }, runs, k, n);
    }

    /**
     * Writes the page's dictionary ids, or, on a chunk's first page that the dictionary does not make smaller than
     * PLAIN ({@code plainBytes}), drops the dictionary and writes the page PLAIN. The ids are {@code ids[0, m)}, one
     * per value, or, with {@code runs}, one per run of column {@code k}'s {@code n} rows.
     */
    private Encoding dictionaryIds(int m, long plainBytes, int entries, Supplier<Encoding> plain, ValueRuns runs,
            int k, int n) {
        int width = BytesUtils.getWidthFromMaxInt(Math.max(0, entries - 1));
        int levelsEnd = page.size();
        page.write(width);
        if (runs == null) {
            Arrays.fill(ids, m, m + 8, 0);
            page.hybrid(ids, m, width);
        } else {
            runIds(runs, k, n, width);
        }
        if (firstPage && page.size() - levelsEnd + dictionaryValues.bytes() >= plainBytes) {
            // parquet-java's rule: a dictionary that does not shrink the first page is dropped for the chunk
            startChunk();
            dictionary = false;
            page.truncate(levelsEnd);
            return plain.get();
        }
        if (dictionaryValues.bytes() > MAX_DICTIONARY_BYTES) {
            dictionary = false; // full: later pages PLAIN
        }
        return Encoding.PLAIN_DICTIONARY;
    }

    /**
     * The ids of column {@code k}'s runs ({@code ids[j]} of run j; neighbouring runs differ, so their ids do) in the
     * hybrid: one RLE run each when every run but the last is 8 rows or longer, which is what the hybrid makes of
     * them value by value; else expanded to one id per row (in place, from the last run back: run j starts at row
     * j or later) and packed as value by value.
     */
    private void runIds(ValueRuns runs, int k, int n, int width) {
        int count = runs.count(k);
        boolean long8 = true;
        for (int j = 0; j + 1 < count && long8; j++) {
            long8 = runs.start(k, j + 1) - runs.start(k, j) >= 8;
        }
        if (long8) {
            for (int j = 0; j < count; j++) {
                int to = runs.end(k, j, n);
                page.rleRun(to - runs.start(k, j), ids[j], width);
            }
            return;
        }
        int to = n;
        for (int j = count - 1; j >= 0; j--) {
            int from = runs.start(k, j);
            Arrays.fill(ids, from, to, ids[j]);
            to = from;
        }
        Arrays.fill(ids, n, n + 8, 0);
        page.hybrid(ids, n, width);
    }
}
