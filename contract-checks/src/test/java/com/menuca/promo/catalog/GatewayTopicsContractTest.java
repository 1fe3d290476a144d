package com.menuca.promo.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.gateway.BroadcastKey;
import com.menuca.promo.schemas.gateway.BroadcastSender;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.GatewayTopics;
import com.menuca.promo.schemas.gateway.PayloadEncoding;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The records the gateways write to their own topics ({@code promo.gateway.presence},
 * {@code promo.gateway.broadcasts}), serialized by the topics' serdes, are valid against the
 * catalogue's schemas, and a record that breaks them is caught.
 */
class GatewayTopicsContractTest {
    private final SchemaValidator validator = SchemaValidator.bundled();

    private static <K, V> JsonNode key(Topic<K, V> topic, K key) throws Exception {
        return Json.mapper().readTree(topic.keySerde().serializer().serialize(topic.name(), key));
    }

    private static <K, V> JsonNode value(Topic<K, V> topic, V value) throws Exception {
        return Json.mapper().readTree(topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    @Test
    void shouldWritePresencesAndHeartbeatsTheSchemaAccepts() throws Exception {
        Topic<PresenceKey, PresenceRecord> topic = GatewayTopics.PRESENCE;
        Instant at = Instant.parse("2026-12-06T08:00:00.123Z");
        PresenceKey presenceKey = new PresenceKey("gw-1", "s1", "restaurant:3:deals");
        assertThat(validator.validateKey(topic.name(), key(topic, presenceKey))).isEmpty();
        assertThat(validator.validateValue(topic.name(), value(topic, PresenceRecord.presence("gw-1", "restaurant:3:deals",
                "17", "gw1.1", Map.of("deal_id", 5, "tags", List.of("pizza")), at)))).isEmpty();
        assertThat(validator.validateKey(topic.name(), key(topic, PresenceKey.heartbeat("gw-1")))).isEmpty();
        assertThat(validator.validateValue(topic.name(), value(topic, PresenceRecord.heartbeat("gw-1", at, 15_000))))
                .isEmpty();

        PresenceRecord back = topic.valueSerde().deserializer().deserialize(topic.name(),
                topic.valueSerde().serializer().serialize(topic.name(), PresenceRecord.heartbeat("gw-1", at, 15_000)));
        assertThat(back).isEqualTo(PresenceRecord.heartbeat("gw-1", at, 15_000));
        assertThat(validator.validateValue(topic.name(), Json.mapper().readTree(
                "{\"type\":\"presence\",\"gateway\":\"g\",\"channel\":\"c\",\"key\":\"k\",\"ref\":\"r\",\"meta\":[1],"
                        + "\"at\":\"2026-12-06T08:00:00Z\",\"timeout_ms\":null}"))).as("meta must be an object").isNotEmpty();
    }

    @Test
    void shouldWriteClientBroadcastsTheSchemaAccepts() throws Exception {
        Topic<BroadcastKey, ClientBroadcast> topic = GatewayTopics.BROADCASTS;
        Instant at = Instant.parse("2026-12-06T08:00:00.123Z");
        assertThat(validator.validateKey(topic.name(), key(topic, new BroadcastKey("restaurant:3:staff")))).isEmpty();
        ClientBroadcast fromSocket = new ClientBroadcast("restaurant:3:staff", "shift", PayloadEncoding.JSON,
                Map.of("who", "ann"), null, new BroadcastSender("gw-1", "s1"), true, at);
        assertThat(validator.validateValue(topic.name(), value(topic, fromSocket))).isEmpty();
        ClientBroadcast overHttp = new ClientBroadcast("restaurant:3:staff", "blob", PayloadEncoding.BINARY, "AAEC", "m-1",
                null, false, at);
        assertThat(validator.validateValue(topic.name(), value(topic, overHttp))).isEmpty();
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(),
                topic.valueSerde().serializer().serialize(topic.name(), overHttp))).isEqualTo(overHttp);
        assertThat(validator.validateValue(topic.name(), Json.mapper().readTree(
                "{\"type\":\"broadcast\",\"channel\":\"c\",\"event\":\"e\",\"encoding\":\"gzip\",\"payload\":1,\"id\":null,"
                        + "\"sender\":null,\"self\":false,\"sent_at\":\"2026-12-06T08:00:00Z\"}"))).isNotEmpty();
    }
}
