package com.menuca.promo.replay.parquet;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of already typed cells (see {@link ParquetColumns}) field by field; a null cell is left out
 * (every column is optional).
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final List<ParquetColumns.Type> types;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, List<ParquetColumns.Type> types) {
        this.schema = schema;
        this.types = types;
    }

    /** Never called: the writer is built with a plain (Hadoop-free) configuration. */
    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object cell = row[i];
            if (cell == null) {
                continue;
            }
            String name = schema.getFieldName(i);
            consumer.startField(name, i);
            switch (types.get(i)) {
                case INT32, DATE -> consumer.addInteger((Integer) cell);
                case INT64, TIMESTAMP -> consumer.addLong((Long) cell);
                case BOOLEAN -> consumer.addBoolean((Boolean) cell);
                case STRING, JSON -> consumer.addBinary(Binary.fromString((String) cell));
                case DECIMAL -> consumer.addBinary(Binary.fromConstantByteArray(ParquetColumns.fixed((BigDecimal) cell)));
                default -> throw new IllegalStateException("unknown column type " + types.get(i));
            }
            consumer.endField(name, i);
        }
        consumer.endMessage();
    }
}
