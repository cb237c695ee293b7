package org.roofsweep.jobs.write;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written from {@link ColumnBatch}es with parquet-java's own column writers, page store and file
 * writer: the steps of parquet-hadoop's {@code ParquetWriter} (its {@code InternalParquetRecordWriter}) without its
 * record consumer, which takes one value at a time and tracks each row's fields to find the nulls. Encodings, page
 * and row-group sizes, statistics, column indexes and page checksums are parquet-java's, from the given properties;
 * the footer names the writer {@code roofsweep}, as the former write support did.
 */
final class ColumnFile implements AutoCloseable {
    /** parquet-hadoop's defaults: 128 MiB row groups, at most 8 MiB of padding on block file systems. */
    static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;
    static final int MAX_PADDING_BYTES = ParquetWriter.MAX_PADDING_SIZE_DEFAULT;
    static final String WRITER_NAME = "roofsweep";

    private final ParquetFileWriter file;
    private final MessageType schema;
    private final ColumnDescriptor[] columns;
    private final BytesInputCompressor compressor;
    private final ParquetProperties props;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private final ColumnWriter[] writers;
    private long rows;
    private int rowGroups;
    private boolean closed;

    ColumnFile(OutputFile out, MessageType schema, BytesInputCompressor compressor, ParquetProperties props)
            throws IOException {
        this.schema = schema;
        this.columns = schema.getColumns().toArray(new ColumnDescriptor[0]);
        this.compressor = compressor;
        this.props = props;
        this.writers = new ColumnWriter[columns.length];
        this.file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES,
                MAX_PADDING_BYTES, (FileEncryptionProperties) null, props);
        file.start();
        openRowGroup();
    }

    private void openRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, rowGroups);
        store = props.newColumnWriteStore(schema, pages, pages);
        for (int k = 0; k < columns.length; k++) {
            writers[k] = store.getColumnWriter(columns[k]);
        }
    }

    /** Appends the batch's rows; starts a new row group once the buffered pages pass {@link #ROW_GROUP_BYTES}. */
    void write(ColumnBatch batch) throws IOException {
        batch.writeTo(writers);
        for (int i = 0; i < batch.size(); i++) {
            store.endRecord(); // the page size and row-count checks, as after each record
        }
        rows += batch.size();
        if (store.getBufferedSize() > ROW_GROUP_BYTES) {
            flushRowGroup();
            openRowGroup();
        }
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rows > 0) {
                file.startBlock(rows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
                rowGroups++;
                rows = 0;
            }
        } finally {
            store.close();
            pages.close();
        }
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
        } finally {
            file.close();
        }
    }
}
