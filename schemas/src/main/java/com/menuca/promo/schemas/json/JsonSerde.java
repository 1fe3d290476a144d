package com.menuca.promo.schemas.json;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a contract type, as plain JSON (no embedded schema). A null record (tombstone)
 * stays null both ways. A payload that does not parse raises {@link SerializationException} naming
 * the type, so dead-letter handling can say why.
 *
 * @param <T> the contract type
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final ObjectMapper mapper;
    private final JavaType type;

    private JsonSerde(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return of(type, Json.mapper());
    }

    /** A serde with another mapper: for a service's internal formats (state stores, internal topics), never for contracts. */
    public static <T> JsonSerde<T> of(Class<T> type, ObjectMapper mapper) {
        return new JsonSerde<>(mapper, mapper.constructType(type));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type + " from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // the mapper is fixed: every contract uses the same JSON conventions
    }

    @Override
    public void close() {
        // nothing held
    }
}
