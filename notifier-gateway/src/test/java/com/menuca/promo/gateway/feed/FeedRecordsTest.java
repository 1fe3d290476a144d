package com.menuca.promo.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming readers read what the gateway uses exactly as Jackson's full readers do, and refuse what they refuse. */
class FeedRecordsTest {
    private static final String UPDATE = "{\"before\":{\"id\":7,\"name\":\"caf\\u00e9 \\\"x\\\"\",\"price\":12.5,\"tags\":[1,2],"
            + "\"meta\":{\"a\":null},\"big\":123456789012345678901234567890,\"on\":true},"
            + "\"after\":{\"id\":7,\"name\":\"new\",\"price\":1.0E10,\"tags\":[],\"meta\":{},\"big\":-5,\"on\":false},"
            + "\"source\":{\"version\":\"3.6\",\"connector\":\"postgresql\",\"name\":\"menuca\",\"ts_ms\":1795837385600,"
            + "\"snapshot\":\"false\",\"db\":\"promo\",\"schema\":\"menuca_v3\",\"table\":\"marketing_tags\",\"txId\":1,"
            + "\"lsn\":2,\"extra\":{\"nested\":[{}]}},\"op\":\"u\",\"ts_ms\":1795837385700,\"transaction\":null,\"unknown\":[1]}";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void changesReadAsTheFullReaderReadsThem() throws Exception {
        for (String json : new String[] {UPDATE,
                "{\"op\":\"c\",\"before\":null,\"after\":{\"id\":1},\"source\":{\"ts_ms\":\"42\"},\"ts_ms\":43}",
                "{\"op\":\"d\",\"before\":{\"id\":1},\"after\":null,\"ts_ms\":43}",
                "{\"op\":null,\"source\":null}"}) {
            ChangeEvent<ObjectNode> full = Json.mapper().readValue(utf8(json), ChangeEvent.UNTYPED);
            ChangeEvent<ObjectNode> streamed = FeedRecords.change(utf8(json));
            assertThat(streamed.op()).isEqualTo(full.op());
            assertThat(streamed.before()).isEqualTo(full.before());
            assertThat(streamed.after()).isEqualTo(full.after());
            assertThat(streamed.tsMs()).isEqualTo(full.tsMs());
            assertThat(streamed.source() == null).isEqualTo(full.source() == null);
            if (full.source() != null) {
                assertThat(streamed.source().tsMs()).isEqualTo(full.source().tsMs());
            }
            // the rows serialize to the same bytes: what clients receive does not change
            if (full.after() != null) {
                assertThat(Json.mapper().writeValueAsString(streamed.after()))
                        .isEqualTo(Json.mapper().writeValueAsString(full.after()));
            }
        }
        assertThat(FeedRecords.change(utf8("null"))).isNull();
    }

    @Test
    void malformedChangesAreRefused() {
        for (String json : new String[] {"not json", "{\"op\":\"u\",\"after\":{\"id\":1}", "{\"op\":\"zz\"}",
                "{\"op\":\"u\",\"after\":\"text\"}", "{\"op\":\"u\",\"ts_ms\":\"soon\"}", "[1,2]", "42",
                "{\"op\":\"u\",\"source\":{\"ts_ms\":{}}}", "{\"op\":\"u\",\"after\":{\"a\":[1,}}"}) {
            assertThatThrownBy(() -> FeedRecords.change(utf8(json))).as(json)
                    .isInstanceOfAny(IOException.class, IllegalArgumentException.class);
        }
    }

    @Test
    void derivedRecordsKeepEveryTopLevelFieldAsTheFullReaderReadsIt() throws Exception {
        String json = "{\"event_id\":\"e-1\",\"type\":\"coupon_redeemed\",\"occurred_at\":\"2026-12-06T10:00:00Z\","
                + "\"restaurant_id\":42,\"customer_id\":\"7\",\"deal_id\":null,\"big\":123456789012345678901,"
                + "\"share\":0.25,\"flag\":true,\"data\":{\"count\":3,\"nested\":{\"x\":[1,2]}},\"source\":{\"lsn\":9},"
                + "\"list\":[{\"a\":1}],\"event_id\":\"e-2\"}";
        JsonNode full = Json.mapper().readTree(utf8(json));
        JsonNode top = FeedRecords.topLevel(utf8(json));
        assertThat(top.size()).isEqualTo(full.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = full.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = top.get(field.getKey());
            if (field.getValue().isContainerNode()) {
                assertThat(value.isContainerNode()).as(field.getKey()).isTrue();
                assertThat(value.asText()).isEqualTo(field.getValue().asText());
            } else {
                assertThat(value).as(field.getKey()).isEqualTo(field.getValue());
                assertThat(value.getNodeType()).isEqualTo(field.getValue().getNodeType());
            }
        }
        assertThat(FeedRecords.topLevel(utf8("17"))).isEqualTo(Json.mapper().readTree("17"));
        assertThat(FeedRecords.topLevel(new byte[0]).isObject()).isFalse();
    }

    @Test
    void malformedDerivedRecordsAreRefused() {
        for (String json : new String[] {"not json at all", "{\"event_id\":\"cut-short\",\"event_type\":\"deal_pub",
                "{\"data\":{\"a\":[1,2}", "{\"a\":1,}"}) {
            assertThatThrownBy(() -> FeedRecords.topLevel(utf8(json))).as(json).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> FeedRecords.topLevel(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}))
                .isInstanceOf(IOException.class);
    }
}
