package org.roofsweep.jobs.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.roofsweep.jobs.schema.Columns;

/**
 * The Parquet files one task attempt writes into its own folder: one open file per partition value it meets (rows
 * usually arrive partition after partition, since point ids run platform-major), at most {@link #MAX_OPEN_FILES}
 * open at once (the least recently used is closed and a later row of its partition starts a new file). Folder names
 * are Spark's ({@code column=escaped value}, {@code __HIVE_DEFAULT_PARTITION__} for null or empty), file names
 * {@code part-<task>-<run>-c<n>.<codec>.parquet}, unique within a run and across appended runs.
 *
 * <p>Rows are gathered into one {@link ColumnBatch} and go to their file a batch at a time, column by column
 * ({@link ColumnFile}); a batch holds rows of one partition only, so it is written out when the partition changes.
 *
 * <p>On the local file system ({@code file:}) the files and their folders are made with java.nio ({@link LocalFiles}:
 * no {@code chmod} process per file and folder), without the {@code .crc} file Hadoop's local file system writes
 * beside each file, which no reader of the tables needs. Any other file system is written through Hadoop's.
 *
 * <p>Nothing here is visible in the table until the driver commits the attempt ({@link ParquetTableWrite}); an
 * attempt that fails is {@link #abort aborted}, its folder deleted.
 */
public final class PartitionedFileWriter<T> implements AutoCloseable {
    /** Files a task keeps open at once; like Spark's {@code spark.sql.maxConcurrentOutputFileWriters}. */
    static final int MAX_OPEN_FILES = 64;

    private final RowLayout<T> layout;
    private final List<Columns.Column<T>> partitionColumns = new ArrayList<>();
    /** Per partition column, its typed string access, or null where it reads boxed values. */
    private final Columns.Strings<T>[] partitionStrings;
    private final Path folder;
    private final Configuration conf;
    /** Whether the folder is on the local file system, whose files are written with java.nio. */
    private final boolean local;
    private final CompressionCodecName codec;
    private final int task;
    private final String runTag;
    private final ParquetProperties props;
    private final boolean[] dictionary;
    private final CodecFactory codecs;
    private final BytesInputCompressor compressor;
    private final ColumnBatch<T> batch;
    private final PageBuffers buffers = new PageBuffers();
    private final Map<String, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final List<TaskFiles.File> files = new ArrayList<>();
    private int opened;
    private long checksum;
    private Object[] currentKey;
    private OpenFile current;
    private boolean finished;

    /**
     * @param folder the attempt's own folder
     * @param task the task's number (Spark's partition index), in the file names
     * @param runTag the run, in the file names
     */
    @SuppressWarnings("unchecked")
    public PartitionedFileWriter(RowLayout<T> layout, Path folder, Configuration conf, String codec, int task,
            String runTag) throws IOException {
        this.layout = layout;
        this.partitionStrings = new Columns.Strings[layout.partitionColumnCount()];
        for (int k = 0; k < layout.partitionColumnCount(); k++) {
            Columns.Column<T> c = layout.columns().list().get(layout.partitionColumn(k));
            partitionColumns.add(c);
            partitionStrings[k] = c.access() instanceof Columns.Strings<T> s ? s : null;
        }
        this.folder = folder;
        this.conf = conf;
        this.local = LocalFiles.local(folder.getFileSystem(conf));
        this.codec = CompressionCodecName.fromConf(codec);
        this.task = task;
        this.runTag = runTag;
        this.props = ParquetProperties.builder().build();
        this.dictionary = new boolean[layout.fileColumnCount()];
        for (int k = 0; k < dictionary.length; k++) {
            // times, rates and sizes rarely repeat: plain doubles under zstd take 24% fewer bytes per row than
            // dictionary pages (15.2 vs 20.0 B/row on bench/sweeps/scale-1m.json), at the same speed
            dictionary[k] = layout.fileColumnType(k) != PrimitiveTypeName.DOUBLE;
        }
        this.codecs = new CodecFactory(conf, props.getPageSizeThreshold());
        this.compressor = codecs.getCompressor(this.codec);
        this.batch = new ColumnBatch<>(layout);
    }

    /** Writes one row. */
    public void write(T row) throws IOException {
        if (current == null || !samePartition(row)) {
            flushBatch();
            current = writerFor(partitionKey(row));
        }
        batch.add(row);
        if (batch.full()) {
            flushBatch();
        }
        current.rows++;
    }

    private void flushBatch() throws IOException {
        if (batch.size() > 0) {
            current.file.write(batch);
            checksum += batch.checksum();
            batch.clear();
        }
    }

    /**
     * The sum (mod 2^64) of the {@link org.roofsweep.jobs.schema.RowChecksum}s of the rows written so far, taken
     * batch by batch as each is written out ({@link ColumnBatch#checksum}): every row's once {@link #finish} returned.
     */
    public long checksum() {
        return checksum;
    }

    /** Whether the row's partition values are the current file's (each row asks: the same instance mostly). */
    private boolean samePartition(T row) {
        for (int k = 0; k < currentKey.length; k++) {
            Object v = partitionValue(k, row);
            if (v != currentKey[k] && !Objects.equals(v, currentKey[k])) {
                return false;
            }
        }
        return true;
    }

    private Object partitionValue(int k, T row) {
        Columns.Strings<T> s = partitionStrings[k];
        return s != null ? s.get(row) : partitionColumns.get(k).value(row);
    }

    private Object[] partitionKey(T row) {
        Object[] key = new Object[partitionColumns.size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = partitionValue(k, row);
        }
        return key;
    }

    /** The open file of the partition {@code key} (its partition columns' values), opened if need be. */
    private OpenFile writerFor(Object[] key) throws IOException {
        StringBuilder dir = new StringBuilder();
        for (int k = 0; k < key.length; k++) {
            dir.append(ExternalCatalogUtils.getPartitionPathString(layout.partitionBy().get(k),
                    key[k] == null ? null : key[k].toString())).append('/');
        }
        currentKey = key;
        String partition = dir.toString();
        OpenFile w = open.get(partition);
        if (w != null) {
            return w;
        }
        if (open.size() >= MAX_OPEN_FILES) {
            Iterator<OpenFile> eldest = open.values().iterator();
            OpenFile closing = eldest.next();
            eldest.remove();
            closing.close();
        }
        String name = String.format(Locale.ROOT, "%spart-%05d-%s-c%03d%s.parquet", partition, task,
                runTag, opened++, codec.getExtension());
        w = new OpenFile(name, new ColumnFile(outputFile(new Path(folder, name)), layout.fileSchema(), dictionary,
                buffers, compressor, props));
        open.put(partition, w);
        return w;
    }

    /** The file at {@code path}: a local file (its folders made) on the local file system, else Hadoop's. */
    private OutputFile outputFile(Path path) throws IOException {
        if (!local) {
            return HadoopOutputFile.fromPath(path, conf);
        }
        java.nio.file.Path file = LocalFiles.of(path.getFileSystem(conf), path);
        java.nio.file.Files.createDirectories(file.getParent());
        return new LocalOutputFile(file);
    }

    /**
     * Writes one file with no rows into {@code folder}: the schema of a table that holds none, which readers need to
     * see its columns ({@code layout} without partition columns, so that every column is in the file).
     */
    public static TaskFiles writeEmpty(RowLayout<?> layout, Path folder, Configuration conf, String codec,
            String runTag) throws IOException {
        try (PartitionedFileWriter<?> w = new PartitionedFileWriter<>(layout, folder, conf, codec, 0, runTag)) {
            w.writerFor(new Object[0]);
            return w.finish();
        }
    }

    /** Closes every file and says what this attempt wrote. */
    public TaskFiles finish() throws IOException {
        closeAll();
        finished = true;
        return new TaskFiles(task, folder.toString(), files);
    }

    private void closeAll() throws IOException {
        IOException first = null;
        try {
            flushBatch();
        } catch (IOException | RuntimeException e) {
            first = asIo(e);
        }
        batch.clear();
        current = null;
        for (OpenFile w : open.values()) {
            try {
                w.close();
            } catch (IOException | RuntimeException e) {
                first = first == null ? asIo(e) : first;
            }
        }
        open.clear();
        codecs.release();
        if (first != null) {
            throw first;
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }

    /** Closes what is open and deletes the attempt's folder: after a failure, nothing of it is left. */
    public void abort() {
        try {
            closeAll();
        } catch (IOException e) {
            // the attempt failed already; its files are deleted below
        }
        try {
            FileSystem fs = folder.getFileSystem(conf);
            fs.delete(folder, true);
        } catch (IOException e) {
            // best effort: the run's staging folder, which holds this one, is deleted when the run ends
        }
    }

    /** Aborts unless {@link #finish} succeeded. */
    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }

    /** A file being written, with the rows given to it so far; closing it records it in {@link #files}. */
    private final class OpenFile {
        private final String name;
        private final ColumnFile file;
        private long rows;

        OpenFile(String name, ColumnFile file) {
            this.name = name;
            this.file = file;
        }

        void close() throws IOException {
            file.close();
            files.add(new TaskFiles.File(name, rows, file.bytes()));
        }
    }

    @Override
    public String toString() {
        return "files of task " + task + " in " + folder + ": " + files;
    }
}
