package com.menuca.promo.capture.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Sets each change record's timestamp to the commit time of its transaction in PostgreSQL
 * ({@code source.ts_ms}), so the Kafka timestamp of a change is when it happened in the database,
 * not when the capture sent it: a time-range replay selects by commit time, and a consumer's record
 * time means the same whether the capture was caught up or catching up. Records without a source block
 * (heartbeats) are left as they are.
 *
 * <p>A Kafka Connect single message transform, so the embedded capture and a Connect deployment of the
 * same connector make the same records: {@code "transforms.commitTime.type":
 * "com.menuca.promo.capture.connect.CommitTimestamp"}.
 *
 * @param <R> the record type
 */
public final class CommitTimestamp<R extends ConnectRecord<R>> implements Transformation<R> {

    @Override
    public R apply(R record) {
        if (!(record.value() instanceof Struct value)) {
            return record;
        }
        Field sourceField = value.schema().field("source");
        if (sourceField == null || !(value.get(sourceField) instanceof Struct source) || source.schema().field("ts_ms") == null) {
            return record;
        }
        Long committedAt = source.getInt64("ts_ms");
        if (committedAt == null || committedAt.equals(record.timestamp())) {
            return record;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), committedAt, record.headers());
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing held
    }
}
