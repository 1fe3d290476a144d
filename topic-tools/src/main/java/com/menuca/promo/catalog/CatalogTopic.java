package com.menuca.promo.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the catalogue, as written in {@code catalog/topics.yaml}.
 *
 * @param name       Kafka topic name
 * @param group      cdc, derived, gateway or internal
 * @param version    contract version, raised on every breaking change
 * @param purpose    what the topic is for
 * @param producer   module that writes it
 * @param table      cdc only: the menuca_v3 table it mirrors; else null
 * @param partitions partition count
 * @param config     topic configs (cleanup.policy, retention.ms, ...), in file order
 * @param key        key schema and fields; null for internal topics
 * @param value      value schema; null for internal topics
 * @param eventTypes event type name to meaning, in file order (cdc: op codes; derived: the value's type)
 */
public record CatalogTopic(
        @JsonProperty("name") String name,
        @JsonProperty("group") TopicGroup group,
        @JsonProperty("version") int version,
        @JsonProperty("purpose") String purpose,
        @JsonProperty("producer") String producer,
        @JsonProperty("table") String table,
        @JsonProperty("partitions") int partitions,
        @JsonProperty("config") Map<String, String> config,
        @JsonProperty("key") Key key,
        @JsonProperty("value") Value value,
        @JsonProperty("event_types") Map<String, String> eventTypes) {

    public CatalogTopic {
        config = ordered(config);
        eventTypes = ordered(eventTypes);
    }

    /**
     * @param schema path of the key schema under {@code catalog/schemas/}
     * @param fields key field name to meaning, in key order
     */
    public record Key(@JsonProperty("schema") String schema, @JsonProperty("fields") Map<String, String> fields) {
        public Key {
            fields = ordered(fields);
        }
    }

    /** @param schema path of the value schema under {@code catalog/schemas/} */
    public record Value(@JsonProperty("schema") String schema) {
    }

    /** An unmodifiable copy that keeps the file's order (documents and messages list entries as written). */
    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public String cleanupPolicy() {
        return config.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }

    public boolean compacted() {
        return cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** retention.ms when the catalogue sets it; -1 means keep everything. */
    public Optional<Long> retentionMs() {
        return Optional.ofNullable(config.get(TopicConfig.RETENTION_MS_CONFIG)).map(Long::parseLong);
    }

    /** True for cdc, derived and gateway topics: they have schemas and are a contract for consumers. */
    public boolean hasSchemas() {
        return group != TopicGroup.INTERNAL;
    }
}
