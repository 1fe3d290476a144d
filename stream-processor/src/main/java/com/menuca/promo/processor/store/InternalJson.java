package com.menuca.promo.processor.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.json.JsonSerde;

/**
 * The JSON of the processor's own state: its stores and its internal repartition topics. Only the
 * processor reads it, so times are written as numbers (epoch seconds with nanoseconds): parsing
 * ISO-8601 text was a tenth of the restaurant step's time ({@link EpochSecondsInstants} writes and
 * reads them). Contracts keep {@link Json#mapper()}.
 */
public final class InternalJson {
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .registerModule(EpochSecondsInstants.module());

    private InternalJson() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> JsonSerde<T> serde(Class<T> type) {
        return JsonSerde.of(type, MAPPER);
    }
}
