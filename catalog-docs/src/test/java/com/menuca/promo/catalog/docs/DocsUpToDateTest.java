package com.menuca.promo.catalog.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.TopicGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed docs/ are what the generator makes of the catalogue, and they describe every topic. */
class DocsUpToDateTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void shouldMatchTheCommittedDocs() throws Exception {
        for (Map.Entry<String, String> file : DocsGenerator.render(Catalog.bundled()).entrySet()) {
            Path committed = DOCS.resolve(file.getKey());
            assertThat(committed).as("docs/%s exists; generate it with ./promo docs", file.getKey()).exists();
            assertThat(Files.readString(committed))
                    .as("docs/%s is out of date with the topic catalogue: run ./promo docs and commit the result",
                            file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void shouldDescribeEveryConsumerTopicInAsyncApiWithItsKafkaBinding() throws Exception {
        Catalog catalog = Catalog.bundled();
        JsonNode doc = new YAMLMapper().readTree(DocsGenerator.render(catalog).get(DocsGenerator.ASYNCAPI_FILE));
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        for (CatalogTopic topic : catalog.topics()) {
            JsonNode channel = doc.path("channels").path(topic.name());
            if (!topic.hasSchemas()) {
                assertThat(channel.isMissingNode()).as("internal topic %s is not a contract", topic.name()).isTrue();
                continue;
            }
            assertThat(channel.path("address").asText()).isEqualTo(topic.name());
            assertThat(channel.path("bindings").path("kafka").path("partitions").asInt()).isEqualTo(topic.partitions());
            JsonNode message = doc.path("components").path("messages").path(topic.name());
            assertThat(message.path("payload").toString()).as("payload of %s has no unresolved references", topic.name())
                    .doesNotContain("$ref")
                    .contains(topic.group() == TopicGroup.CDC ? "\"before\"" : "\"properties\"");
            assertThat(message.path("bindings").path("kafka").path("key").path("required")).isNotEmpty();
            assertThat(doc.path("operations").path("send." + topic.name()).path("action").asText()).isEqualTo("send");
        }
    }
}
