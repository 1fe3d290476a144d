package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.json.JsonSerde;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five captured tables of schema {@code menuca_v3}, with their primary keys and change topics
 * ({@code menuca.menuca_v3.<table>}, keyed by primary key, value a {@link ChangeEvent}).
 */
public enum CdcTable {
    PROMOTIONAL_DEALS("promotional_deals", List.of("id")),
    PROMOTIONAL_COUPONS("promotional_coupons", List.of("id")),
    MARKETING_TAGS("marketing_tags", List.of("id")),
    RESTAURANT_TAG_ASSOCIATIONS("restaurant_tag_associations", List.of("restaurant_id", "tag_id")),
    COUPON_USAGE_LOG("coupon_usage_log", List.of("id"));

    /** The PostgreSQL schema holding the tables. */
    public static final String SCHEMA = "menuca_v3";
    /** Debezium's {@code topic.prefix}: the first segment of every change topic name. */
    public static final String TOPIC_PREFIX = "menuca";

    private final String tableName;
    private final List<String> primaryKey;
    private final Topic<ObjectNode, ChangeEvent<ObjectNode>> topic;

    CdcTable(String tableName, List<String> primaryKey) {
        this.tableName = tableName;
        this.primaryKey = primaryKey;
        this.topic = new Topic<>(TOPIC_PREFIX + "." + SCHEMA + "." + tableName,
                JsonSerde.of(ObjectNode.class), JsonSerde.of(ChangeEvent.UNTYPED));
    }

    public String tableName() {
        return tableName;
    }

    /** {@code menuca_v3.<table>} as Debezium's {@code table.include.list} and SQL name it. */
    public String qualifiedName() {
        return SCHEMA + "." + tableName;
    }

    /** Primary-key columns, in key order: the fields of the change topic's key. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    /**
     * The change topic with keys and rows left as JSON objects, for code that handles every table alike;
     * {@link com.menuca.promo.schemas.ChangeTopics} has each one typed with its row record.
     */
    public Topic<ObjectNode, ChangeEvent<ObjectNode>> topic() {
        return topic;
    }

    public static Optional<CdcTable> byTableName(String name) {
        return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst();
    }

    public static Optional<CdcTable> byTopic(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topic.name().equals(topicName)).findFirst();
    }
}
