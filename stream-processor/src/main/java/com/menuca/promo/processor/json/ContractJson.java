package com.menuca.promo.processor.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.json.JsonSerde;

/**
 * The contracts' JSON as the processor reads and writes it on its hot path: {@link Json#mapper()}'s
 * configuration, so the same bytes, plus Jackson's Blackbird module, which reads the records' properties
 * and calls their constructors through generated lambdas instead of reflection. Why: the derivations
 * read and write every record as JSON several times (change envelopes, repartition topics, stores,
 * derived topics), and reflective property access and constructor calls were among the stream thread's
 * largest costs. The contracts library itself keeps plain Jackson: its users choose their own modules.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(new BlackbirdModule());

    private ContractJson() {
    }

    /** Shared, thread-safe; do not reconfigure (copy it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A serde of a contract type writing what the contracts' own serde of it writes. */
    public static <T> JsonSerde<T> serde(Class<T> type) {
        return JsonSerde.of(type, MAPPER);
    }
}
