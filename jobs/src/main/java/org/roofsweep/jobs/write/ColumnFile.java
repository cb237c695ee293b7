package org.roofsweep.jobs.write;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written from {@link ColumnBatch}es: each batch becomes one data page per column
 * ({@link PageEncoder}), handed to parquet-java's page store (compression, page checksums, column and offset
 * indexes) and file writer (row groups, footer), the steps of parquet-hadoop's {@code ParquetWriter} without its
 * record consumer and per-value column writers. Row groups close past parquet-hadoop's default 128 MiB of buffered
 * pages; the footer names the writer {@code roofsweep}, as the former write support did.
 */
final class ColumnFile implements AutoCloseable {
    /** parquet-hadoop's defaults: 128 MiB row groups, at most 8 MiB of padding on block file systems. */
    static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;
    static final int MAX_PADDING_BYTES = ParquetWriter.MAX_PADDING_SIZE_DEFAULT;
    static final String WRITER_NAME = "roofsweep";

    private final ParquetFileWriter file;
    private final MessageType schema;
    private final ColumnDescriptor[] columns;
    private final PageEncoder[] encoders;
    private final PageWriter[] writers;
    private final BytesInputCompressor compressor;
    private final ParquetProperties props;
    private ColumnChunkPageWriteStore pages;
    private long rows;
    private int rowGroups;
    private boolean closed;
    private long bytes;

    /**
     * {@code dictionary[k]}: whether file column {@code k} may use a dictionary; {@code buffers}: the task's encoding
     * scratch space, which every file of the task shares.
     */
    ColumnFile(OutputFile out, MessageType schema, boolean[] dictionary, PageBuffers buffers,
            BytesInputCompressor compressor, ParquetProperties props) throws IOException {
        this.schema = schema;
        this.columns = schema.getColumns().toArray(new ColumnDescriptor[0]);
        this.compressor = compressor;
        this.props = props;
        this.encoders = new PageEncoder[columns.length];
        this.writers = new PageWriter[columns.length];
        for (int k = 0; k < columns.length; k++) {
            encoders[k] = new PageEncoder(columns[k], dictionary[k], buffers);
        }
        this.file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES,
                MAX_PADDING_BYTES, (FileEncryptionProperties) null, props);
        file.start();
        openRowGroup();
    }

    private void openRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, rowGroups);
        for (int k = 0; k < columns.length; k++) {
            writers[k] = pages.getPageWriter(columns[k]);
            encoders[k].startChunk();
        }
    }

    /** Appends the batch's rows as one page per column; starts a new row group past {@link #ROW_GROUP_BYTES}. */
    void write(ColumnBatch<?> batch) throws IOException {
        long buffered = 0;
        for (int k = 0; k < columns.length; k++) {
            encoders[k].writePage(batch, k, writers[k]);
            buffered += writers[k].getMemSize();
        }
        rows += batch.size();
        if (buffered > ROW_GROUP_BYTES) {
            flushRowGroup();
            openRowGroup();
        }
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rows > 0) {
                for (int k = 0; k < columns.length; k++) {
                    encoders[k].finishChunk(writers[k]);
                }
                file.startBlock(rows);
                pages.flushToFileWriter(file);
                file.endBlock();
                rowGroups++;
                rows = 0;
            }
        } finally {
            pages.close();
        }
    }

    /** The file's length once closed. */
    long bytes() {
        return bytes;
    }

    /** Writes the last row group and the footer. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            file.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, WRITER_NAME));
            bytes = file.getPos();
        } finally {
            file.close();
        }
    }
}
