package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.SchemaShape;
import com.menuca.promo.catalog.TopicGroup;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which topics a replay reads and which of their events it keeps.
 *
 * <ul>
 *   <li>{@code --topic}: a topic name, {@code cdc} (every change topic) or {@code derived} (every derived topic).</li>
 *   <li>{@code --table}: change topics of that table only.</li>
 *   <li>{@code --restaurant}: change events whose row ({@code after}, or {@code before} for deletes) has that
 *       {@code restaurant_id}; derived events whose {@code restaurant_id} is that. Topics without the field are left out.</li>
 *   <li>{@code --type}: derived events of that {@code type}; change events of that op ({@code c u d r}).</li>
 * </ul>
 *
 * @param topics       the topics to read, in catalogue order
 * @param restaurantId keep only this restaurant's events, if set
 * @param eventType    keep only this event type, if set
 */
public record EventSelection(List<CatalogTopic> topics, Optional<Long> restaurantId, Optional<String> eventType) {
    static final String RESTAURANT_FIELD = "restaurant_id";

    /**
     * @throws ReplayException naming what is wrong and what is possible, before anything connects to Kafka
     */
    public static EventSelection of(Catalog catalog, String topic, String table, Long restaurantId, String eventType) {
        boolean explicit = !topic.equals("cdc") && !topic.equals("derived");
        List<CatalogTopic> topics = candidates(catalog, topic);
        if (table != null) {
            List<CatalogTopic> ofTable = topics.stream().filter(t -> table.equals(t.table())).toList();
            if (ofTable.isEmpty()) {
                throw new ReplayException("--table " + table + " is not among the tables of --topic " + topic + ": "
                        + topics.stream().map(CatalogTopic::table).filter(t -> t != null).toList());
            }
            topics = ofTable;
        }
        if (eventType != null) {
            Set<String> known = topics.stream().flatMap(t -> t.eventTypes().keySet().stream())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (!known.contains(eventType)) {
                throw new ReplayException("--type " + eventType + " is not an event type of --topic " + topic + "; known: "
                        + known);
            }
            topics = topics.stream().filter(t -> t.eventTypes().containsKey(eventType)).toList();
        }
        if (restaurantId != null) {
            List<CatalogTopic> perRestaurant = topics.stream().filter(t -> hasRestaurant(catalog, t)).toList();
            if (perRestaurant.isEmpty() || (explicit && perRestaurant.size() < topics.size())) {
                throw new ReplayException("--restaurant needs events with a restaurant_id; " + topic + " has none");
            }
            topics = perRestaurant;
        }
        return new EventSelection(topics, Optional.ofNullable(restaurantId), Optional.ofNullable(eventType));
    }

    private static List<CatalogTopic> candidates(Catalog catalog, String topic) {
        List<CatalogTopic> topics = switch (topic) {
            case "cdc" -> catalog.group(TopicGroup.CDC);
            case "derived" -> catalog.group(TopicGroup.DERIVED);
            default -> {
                CatalogTopic entry = catalog.topic(topic).orElseThrow(() -> new ReplayException("--topic " + topic
                        + " is not in the topic catalogue; use cdc, derived or one of " + catalog.topics().stream()
                        .filter(CatalogTopic::hasSchemas).map(CatalogTopic::name).toList()));
                if (!entry.hasSchemas()) {
                    throw new ReplayException("--topic " + topic + " is internal bookkeeping, not an event history");
                }
                yield List.of(entry);
            }
        };
        if (topics.isEmpty()) {
            throw new ReplayException("the topic catalogue has no " + topic + " topics yet");
        }
        return topics;
    }

    private static boolean hasRestaurant(Catalog catalog, CatalogTopic topic) {
        return columns(catalog, topic).contains(RESTAURANT_FIELD);
    }

    /**
     * The fields of a topic's event as analysts see them: a change topic's row columns, a derived topic's
     * top-level value fields, in schema order.
     */
    public static List<String> columns(Catalog catalog, CatalogTopic topic) {
        SchemaShape value = SchemaShape.of(catalog.schemas(), topic.value().schema());
        SchemaShape row = topic.group() == TopicGroup.CDC ? value.properties().get("after") : value;
        return row == null ? List.of() : List.copyOf(row.properties().keySet());
    }

    /** The part of an event that filters and CSV columns read: the row image of a change, the value of a derived event. */
    public static JsonNode record(CatalogTopic topic, JsonNode value) {
        if (topic.group() != TopicGroup.CDC) {
            return value;
        }
        JsonNode after = value.path("after");
        return after.isObject() ? after : value.path("before");
    }

    /**
     * The event type: a change's op, a derived event's type; for a topic with a single event type whose
     * values carry no {@code type} (a compacted state topic), that type.
     */
    public static String type(CatalogTopic topic, JsonNode value) {
        String type = value.path(topic.group() == TopicGroup.CDC ? "op" : "type").asText(null);
        if (type == null && topic.eventTypes().size() == 1) {
            return topic.eventTypes().keySet().iterator().next();
        }
        return type;
    }

    public boolean keeps(CatalogTopic topic, JsonNode value) {
        if (eventType.isPresent() && !eventType.get().equals(type(topic, value))) {
            return false;
        }
        if (restaurantId.isPresent()) {
            JsonNode restaurant = record(topic, value).path(RESTAURANT_FIELD);
            return restaurant.canConvertToLong() && restaurant.asLong() == restaurantId.get();
        }
        return true;
    }
}
