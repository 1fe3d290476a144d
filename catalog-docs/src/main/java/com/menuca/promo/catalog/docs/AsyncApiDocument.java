package com.menuca.promo.catalog.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.schemas.json.Json;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalogue as an AsyncAPI 3.0 document: one channel per consumer-facing topic with its Kafka
 * binding (partitions, configs), one message with the value schema as payload and the key schema in
 * the Kafka message binding, one {@code send} operation naming the producer. Internal topics are left
 * out: they are not a contract.
 */
final class AsyncApiDocument {
    private static final String KAFKA_BINDING_VERSION = "0.5.0";
    /** Topic configs the AsyncAPI Kafka channel binding can carry. */
    private static final List<String> BINDING_CONFIGS = List.of("cleanup.policy", "retention.ms", "retention.bytes",
            "delete.retention.ms", "max.message.bytes");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private AsyncApiDocument() {
    }

    static String render(Catalog catalog) {
        SchemaInliner inliner = new SchemaInliner(catalog.schemas());
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "promo-realtime topics");
        info.put("version", String.valueOf(catalog.contractsVersion()));
        info.put("description", "Every Kafka topic promo-realtime publishes for consumers: raw changes of the five "
                + "menuca_v3 promotion tables and the events derived from them. Generated from the topic catalogue "
                + "(schemas/src/main/resources/catalog/topics.yaml) by `./promo docs`; the JSON Schema 2020-12 files "
                + "there are the source of truth, the payloads here are the same schemas with references inlined.");
        ObjectNode dev = doc.putObject("servers").putObject("dev");
        dev.put("host", "127.0.0.1:19092");
        dev.put("protocol", "kafka");
        dev.put("description", "The embedded broker of `./promo dev`. Any cluster to which `promo topics apply` "
                + "has applied the catalogue carries the same topics.");
        doc.put("defaultContentType", "application/json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        for (CatalogTopic topic : catalog.topics()) {
            if (!topic.hasSchemas()) {
                continue;
            }
            String messageId = topic.name();
            channels.set(topic.name(), channel(topic, messageId));
            operations.set("send." + topic.name(), operation(topic, messageId));
            messages.set(messageId, message(topic, inliner));
        }
        try {
            return YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode channel(CatalogTopic topic, String messageId) {
        ObjectNode channel = Json.mapper().createObjectNode();
        channel.put("address", topic.name());
        channel.put("title", topic.name());
        channel.put("summary", topic.purpose());
        channel.put("description", "Group " + topic.group().label() + ", contract version " + topic.version()
                + ". Key: " + topic.key().fields().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")) + ". Event types: " + String.join(", ", topic.eventTypes().keySet())
                + ". Retention: " + TopicsPage.retentionText(topic) + ".");
        channel.putObject("messages").putObject(messageId).put("$ref", "#/components/messages/" + messageId);
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", topic.name());
        kafka.put("partitions", topic.partitions());
        ObjectNode configs = kafka.putObject("topicConfiguration");
        for (Map.Entry<String, String> config : topic.config().entrySet()) {
            if (!BINDING_CONFIGS.contains(config.getKey())) {
                continue;
            }
            if (config.getKey().equals("cleanup.policy")) {
                List.of(config.getValue().split(",")).forEach(policy -> configs.withArray("cleanup.policy").add(policy.trim()));
            } else {
                configs.put(config.getKey(), Long.parseLong(config.getValue()));
            }
        }
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return channel;
    }

    private static ObjectNode operation(CatalogTopic topic, String messageId) {
        ObjectNode operation = Json.mapper().createObjectNode();
        operation.put("action", "send");
        operation.putObject("channel").put("$ref", "#/channels/" + topic.name());
        operation.put("summary", topic.producer() + " writes " + topic.name() + ".");
        operation.putArray("messages").addObject().put("$ref", "#/channels/" + topic.name() + "/messages/" + messageId);
        return operation;
    }

    private static ObjectNode message(CatalogTopic topic, SchemaInliner inliner) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("name", topic.name());
        message.put("title", "Event on " + topic.name());
        message.put("contentType", "application/json");
        message.set("payload", inliner.inline(topic.value().schema()));
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        kafka.set("key", inliner.inline(topic.key().schema()));
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return message;
    }
}
