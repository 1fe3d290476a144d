package com.menuca.promo.schemas.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a contract type, as plain JSON (no embedded schema). A null record (tombstone)
 * stays null both ways. A payload that does not parse raises {@link SerializationException} naming
 * the type and the topic, so dead-letter handling can say why.
 *
 * <p>One class is serializer, deserializer and serde at once. The subclasses in
 * {@code com.menuca.promo.schemas.serde} fix the type and have a no-argument constructor, so Kafka
 * (and Spring's {@code spring.kafka.consumer.value-deserializer}) can create them by class name.
 *
 * @param <T> the contract type
 */
public class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final ObjectMapper mapper;
    private final JavaType type;

    private JsonSerde(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
    }

    /** For subclasses that fix the type (and so can have a no-argument constructor). */
    protected JsonSerde(Class<T> type) {
        this(Json.mapper(), Json.mapper().constructType(type));
    }

    /** For subclasses that fix a generic type, such as {@code ChangeEvent<PromotionalDeal>}. */
    protected JsonSerde(TypeReference<T> type) {
        this(Json.mapper(), Json.mapper().constructType(type));
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return of(type, Json.mapper());
    }

    public static <T> JsonSerde<T> of(TypeReference<T> type) {
        return new JsonSerde<>(Json.mapper(), Json.mapper().constructType(type));
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
    public void configure(Map<String, ?> configs, boolean isKey) {
        // the mapper is fixed: every contract uses the same JSON conventions
    }

    @Override
    public void close() {
        // nothing held
    }
}
