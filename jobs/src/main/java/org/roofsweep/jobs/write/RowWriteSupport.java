package org.roofsweep.jobs.write;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * parquet-hadoop's bridge from a row (its values in table order, boxed, null for null) to the record consumer of one
 * file, following a {@link RowLayout}. One instance per file: parquet-hadoop hands each its own consumer.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final RowLayout layout;
    private RecordConsumer out;

    RowWriteSupport(RowLayout layout) {
        this.layout = layout;
    }

    @Override
    public String getName() {
        return "roofsweep";
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(layout.fileSchema(), Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        out.startMessage();
        for (int k = 0; k < layout.fileColumnCount(); k++) {
            Object v = row[layout.fileColumn(k)];
            if (v == null) {
                continue; // an OPTIONAL field left out is null
            }
            String name = layout.fileColumnName(k);
            out.startField(name, k);
            switch (layout.fileColumnType(k)) {
                case INT64 -> out.addLong((Long) v);
                case INT32 -> out.addInteger((Integer) v);
                case DOUBLE -> out.addDouble((Double) v);
                case BOOLEAN -> out.addBoolean((Boolean) v);
                case BINARY -> out.addBinary(Binary.fromString((String) v));
                default -> throw new IllegalStateException("unmapped type " + layout.fileColumnType(k));
            }
            out.endField(name, k);
        }
        out.endMessage();
    }
}
