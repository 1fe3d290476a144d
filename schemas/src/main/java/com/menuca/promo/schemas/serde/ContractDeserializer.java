package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.Topics;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the key or value of any contract topic as its typed record, choosing by the record's topic:
 * one class to configure for a consumer that reads several topics, as key and value deserializer alike
 * (Kafka tells it which one it is). A topic outside the contract is refused with a
 * {@link SerializationException} naming it.
 *
 * <pre>{@code spring.kafka.consumer.value-deserializer: com.menuca.promo.schemas.serde.ContractDeserializer}</pre>
 */
public final class ContractDeserializer implements Deserializer<Object> {
    private boolean isKey;

    public ContractDeserializer() {
    }

    /** A deserializer of keys ({@code true}) or values, for use without {@link #configure}. */
    public ContractDeserializer(boolean isKey) {
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        Topic<?, ?> contract = Topics.byName(topic).orElseThrow(() -> new SerializationException("topic " + topic
                + " is not a promo-realtime contract topic; known: " + Topics.all().stream().map(Topic::name).toList()));
        return isKey ? contract.keySerde().deserializer().deserialize(topic, data)
                : contract.valueSerde().deserializer().deserialize(topic, data);
    }
}
