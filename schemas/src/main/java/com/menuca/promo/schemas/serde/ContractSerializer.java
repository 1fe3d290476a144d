package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any contract record (a row, key, event or state value) as the contract's JSON, and a
 * {@code byte[]} unchanged: a dead-letter publisher then forwards a record it could not read byte for
 * byte and one it could read as the JSON it was. One class to configure for a producer of several topics.
 */
public final class ContractSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + data.getClass().getName() + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }
}
