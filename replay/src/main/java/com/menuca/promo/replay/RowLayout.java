package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.SchemaShape;
import com.menuca.promo.catalog.TopicGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The columns an analyst gets for one topic, in order, each with its kind and how to read it from an event:
 * the same for CSV and Parquet. A change topic has {@code topic, partition, offset, commit_time, lsn, tx_id,
 * op, key}, then the row's columns (the new row; the old one for deletes), then for updates the old row in
 * {@code before_}-prefixed columns. A derived topic has {@code topic, partition, offset, record_time,
 * event_type, key}, then the value's top-level fields (objects and arrays as JSON text).
 *
 * @param topic   the catalogue topic
 * @param columns the columns in order
 */
record RowLayout(CatalogTopic topic, List<Column> columns) {
    /** Prefix of the old row's columns of an update. */
    static final String BEFORE_PREFIX = "before_";

    /**
     * One column.
     *
     * @param name  header / Parquet field name
     * @param kind  what it holds
     * @param value its value in an event: a JSON value, null or missing for none
     */
    record Column(String name, ColumnKind kind, Function<ReplayedEvent, JsonNode> value) {
    }

    static RowLayout of(Catalog catalog, CatalogTopic topic) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("topic", ColumnKind.STRING, e -> TextNode.valueOf(e.topic().name())));
        columns.add(new Column("partition", ColumnKind.INT32, e -> LongNode.valueOf(e.partition())));
        columns.add(new Column("offset", ColumnKind.INT64, e -> LongNode.valueOf(e.offset())));
        SchemaShape value = SchemaShape.of(catalog.schemas(), topic.value().schema());
        if (topic.group() == TopicGroup.CDC) {
            // The commit time from the change itself: also right for records written before record time was commit time.
            columns.add(new Column("commit_time", ColumnKind.TIMESTAMP, e -> millis(e.value().path("source").path("ts_ms"))));
            columns.add(new Column("lsn", ColumnKind.INT64, e -> e.value().path("source").path("lsn")));
            columns.add(new Column("tx_id", ColumnKind.INT64, e -> e.value().path("source").path("txId")));
            columns.add(new Column("op", ColumnKind.STRING, e -> e.value().path("op")));
            columns.add(new Column("key", ColumnKind.JSON, ReplayedEvent::key));
            SchemaShape row = value.properties().get("after");
            Map<String, SchemaShape> fields = row == null ? Map.of() : row.properties();
            fields.forEach((name, shape) -> columns.add(new Column(name, ColumnKind.of(shape),
                    e -> EventSelection.record(e.topic(), e.value()).path(name))));
            fields.forEach((name, shape) -> columns.add(new Column(BEFORE_PREFIX + name, ColumnKind.of(shape),
                    e -> "u".equals(e.value().path("op").asText()) ? e.value().path("before").path(name)
                            : MissingNode.getInstance())));
        } else {
            columns.add(new Column("record_time", ColumnKind.TIMESTAMP, e -> LongNode.valueOf(e.timestamp().toEpochMilli())));
            columns.add(new Column("event_type", ColumnKind.STRING, e -> TextNode.valueOf(EventSelection.type(e.topic(), e.value()))));
            columns.add(new Column("key", ColumnKind.JSON, ReplayedEvent::key));
            value.properties().forEach((name, shape) -> columns.add(new Column(name, ColumnKind.of(shape),
                    e -> e.value().path(name))));
        }
        return new RowLayout(topic, List.copyOf(columns));
    }

    /** Epoch milliseconds as a value a TIMESTAMP column reads (numbers are epoch ms, strings ISO-8601). */
    private static JsonNode millis(JsonNode node) {
        return node.canConvertToLong() ? LongNode.valueOf(node.asLong()) : MissingNode.getInstance();
    }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }
}
