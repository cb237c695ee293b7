package org.roofsweep.bench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.core.sweep.SweepPoint;
import org.roofsweep.jobs.schema.PointsTable;
import org.roofsweep.jobs.sweep.SweepJob;
import org.roofsweep.jobs.write.PartitionedFileWriter;
import org.roofsweep.jobs.write.RowLayout;
import org.roofsweep.jobs.write.TaskFiles;

/**
 * The ceiling of writing (issue 20): the points table's columns written from values computed beforehand, one thread,
 * zstd, no cost model in the timed loop. The first rows of the grid ({@link #PRECOMPUTED} of them) are evaluated
 * once; a timed run then writes as many rows as the grid has by cycling through them, into as many partition files
 * as the grid has (each file one run of consecutive rows, as the grid's platform-major ids give), so that files,
 * pages and compression see what the job's do.
 *
 * <ul>
 *   <li>(w) the job's writer ({@link PartitionedFileWriter}: each row's columns read unboxed into column batches,
 *       the checksums taken per batch, one page per column per batch) fed the precomputed evaluations: what (b)
 *       pays for writing, without the cost core (each row is a copy of its evaluation with the file's partition
 *       values, one small record per row);
 *   <li>(p) parquet-java's own column writers ({@code ColumnWriteStore}, the per-value API under its record
 *       consumer) fed the precomputed values from primitive arrays, column by column in batches of 1,024 rows, with
 *       parquet-hadoop's default encodings (dictionaries but for doubles, as the job): the fastest way parquet-java's
 *       public writer API offers.
 * </ul>
 */
final class WriteCeiling {
    /** Rows evaluated beforehand: two partitions' worth of bench-5m. */
    static final int PRECOMPUTED = 100_000;
    private static final int BATCH = 1024;

    private WriteCeiling() {
    }

    /** What one run wrote. */
    record Outcome(long rows, long files) {
    }

    /** The first rows of the grid: their evaluations, and their values boxed (for (p)). */
    record Rows(Evaluation[] evaluations, Object[][] rows, RowLayout<Evaluation> layout) {
        static Rows of(SweepPlan plan) {
            List<Evaluation> rows = new ArrayList<>();
            for (long id = 0; id < plan.size() && rows.size() < PRECOMPUTED; id++) {
                Evaluation e = plan.evaluate(id);
                if (e != null) {
                    rows.add(e);
                }
            }
            return new Rows(rows.toArray(new Evaluation[0]), rows.stream().map(PointsTable.TABLE::values)
                    .toArray(Object[][]::new), new RowLayout<>(PointsTable.TABLE, plan.settings().partitionBy()));
        }
    }

    /**
     * (w): {@code total} rows through the job's writer, a new partition every {@code perFile} rows (its platform and
     * model both the partition's key).
     */
    static Outcome jobWriter(Rows pre, long total, long perFile, Path tableDir) {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(tableDir.toAbsolutePath().toUri());
        String[] keys = partitionKeys(total, perFile);
        try (PartitionedFileWriter<Evaluation> w = new PartitionedFileWriter<>(pre.layout(), folder,
                new Configuration(), SweepJob.COMPRESSION, 0, "ceiling")) {
            Evaluation[] rows = pre.evaluations();
            for (long g = 0; g < total; g++) {
                Evaluation e = rows[(int) (g % rows.length)];
                w.write(new Evaluation(inPartition(e.point(), keys[(int) (g / perFile)]), e.result(),
                        e.calibration()));
            }
            TaskFiles written = w.finish();
            return new Outcome(written.rows(), written.files().size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The point with {@code key} as its platform and model. */
    private static SweepPoint inPartition(SweepPoint p, String key) {
        return new SweepPoint(p.pointId(), key, p.gpu(), p.cpu(), p.hostMemoryGib(), key, p.system(),
                p.weightFormat(), p.weightBits(), p.kvBits(), p.activationBits(), p.batch(), p.promptTokens(),
                p.generatedTokens(), p.sparsitySetting(), p.sparsity(), p.images(), p.imageWidth(), p.imageHeight(),
                p.gpuLayersSetting(), p.moeCpuLayersSetting(), p.kvOffload(), p.imageSparsitySetting(), p.imageSparsity(),
                p.tokenCorrelation(), p.imageTokenKeep(), p.pruneAfterLayer());
    }

    private static String[] partitionKeys(long total, long perFile) {
        String[] keys = new String[(int) ((total + perFile - 1) / perFile)];
        for (int p = 0; p < keys.length; p++) {
            keys[p] = String.format(Locale.ROOT, "p%04d", p);
        }
        return keys;
    }

    /** The precomputed rows' file columns as primitive arrays: value bits, null flags, UTF-8 strings. */
    private record Columns(PrimitiveTypeName[] types, int[] maxDefinition, long[][] bits, boolean[][] isNull,
            Binary[][] strings) {
        static Columns of(Rows pre, MessageType schema) {
            int n = schema.getFieldCount();
            Object[][] rows = pre.rows();
            PrimitiveTypeName[] types = new PrimitiveTypeName[n];
            int[] maxDefinition = new int[n];
            long[][] bits = new long[n][rows.length];
            boolean[][] isNull = new boolean[n][rows.length];
            Binary[][] strings = new Binary[n][rows.length];
            for (int k = 0; k < n; k++) {
                Type field = schema.getType(k);
                types[k] = field.asPrimitiveType().getPrimitiveTypeName();
                maxDefinition[k] = field.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
                int c = PointsTable.TABLE.schema().fieldIndex(field.getName());
                for (int i = 0; i < rows.length; i++) {
                    Object v = rows[i][c];
                    isNull[k][i] = v == null;
                    if (v instanceof Long l) {
                        bits[k][i] = l;
                    } else if (v instanceof Integer x) {
                        bits[k][i] = x;
                    } else if (v instanceof Double d) {
                        bits[k][i] = Double.doubleToRawLongBits(d);
                    } else if (v instanceof Boolean b) {
                        bits[k][i] = b ? 1 : 0;
                    } else if (v instanceof String s) {
                        strings[k][i] = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return new Columns(types, maxDefinition, bits, isNull, strings);
        }
    }

    /** (p): {@code total} rows through parquet-java's column writers, one file per {@code perFile} rows. */
    static Outcome columnWriters(Rows pre, long total, long perFile, Path tableDir) {
        MessageType schema = pre.layout().fileSchema();
        Columns values = Columns.of(pre, schema);
        ParquetProperties.Builder pb = ParquetProperties.builder();
        for (int k = 0; k < values.types().length; k++) {
            if (values.types()[k] == PrimitiveTypeName.DOUBLE) {
                pb.withDictionaryEncoding(schema.getType(k).getName(), false);
            }
        }
        ParquetProperties props = pb.build();
        Configuration conf = new Configuration();
        CodecFactory codecs = new CodecFactory(conf, props.getPageSizeThreshold());
        BytesInputCompressor compressor = codecs.getCompressor(CompressionCodecName.fromConf(SweepJob.COMPRESSION));
        long files = 0;
        try {
            for (long start = 0; start < total; start += perFile, files++) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tableDir.resolve(
                        String.format(Locale.ROOT, "p%04d.zstd.parquet", files)).toAbsolutePath().toUri());
                writeFile(HadoopOutputFile.fromPath(file, conf), schema, props, compressor, values, start,
                        Math.min(total, start + perFile), pre.rows().length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            codecs.release();
        }
        return new Outcome(total, files);
    }

    private static void writeFile(HadoopOutputFile out, MessageType schema, ParquetProperties props,
            BytesInputCompressor compressor, Columns values, long from, long to, int cycle) throws IOException {
        ParquetFileWriter file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.CREATE,
                ParquetWriter.DEFAULT_BLOCK_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                (FileEncryptionProperties) null, props);
        file.start();
        ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, 0);
        ColumnWriteStore store = props.newColumnWriteStore(schema, pages, pages);
        List<ColumnDescriptor> columns = schema.getColumns();
        ColumnWriter[] writers = new ColumnWriter[columns.size()];
        for (int k = 0; k < writers.length; k++) {
            writers[k] = store.getColumnWriter(columns.get(k));
        }
        for (long g = from; g < to; g += BATCH) {
            int n = (int) Math.min(BATCH, to - g);
            int base = (int) (g % cycle);
            for (int k = 0; k < writers.length; k++) {
                writeColumn(writers[k], values, k, base, n, cycle);
            }
            for (int i = 0; i < n; i++) {
                store.endRecord();
            }
        }
        file.startBlock(to - from);
        store.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        store.close();
        pages.close();
        file.end(Map.of());
        file.close();
    }

    private static void writeColumn(ColumnWriter w, Columns values, int k, int base, int n, int cycle) {
        boolean[] isNull = values.isNull()[k];
        long[] bits = values.bits()[k];
        Binary[] strings = values.strings()[k];
        int defined = values.maxDefinition()[k];
        PrimitiveTypeName type = values.types()[k];
        for (int j = 0; j < n; j++) {
            int i = base + j < cycle ? base + j : base + j - cycle;
            if (isNull[i]) {
                w.writeNull(0, 0);
                continue;
            }
            switch (type) {
                case INT64 -> w.write(bits[i], 0, defined);
                case INT32 -> w.write((int) bits[i], 0, defined);
                case DOUBLE -> w.write(Double.longBitsToDouble(bits[i]), 0, defined);
                case BOOLEAN -> w.write(bits[i] != 0, 0, defined);
                case BINARY -> w.write(strings[i], 0, defined);
                default -> throw new IllegalStateException("unmapped type " + type);
            }
        }
    }
}
