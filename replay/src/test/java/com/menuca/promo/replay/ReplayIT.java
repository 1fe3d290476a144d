package com.menuca.promo.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replay against a real broker: a known set of change events, spread over two hours with explicit
 * record timestamps, on every partition of four change topics; sub-ranges by time, offset, restaurant
 * and op, as JSON lines and CSV, must give exactly the expected events, once each, in partition order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int EVENTS = 120;
    private static final String DEALS = "menuca.menuca_v3.promotional_deals";

    private final Catalog catalog = Catalog.bundled();
    private final List<Produced> produced = new ArrayList<>();
    private Path home;
    private EmbeddedKafkaBroker kafka;

    /** An event as written, with where Kafka put it. */
    private record Produced(String topic, int partition, long offset, long timestamp, JsonNode key, JsonNode value) {
        String position() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    @BeforeAll
    void produceKnownHistory() throws Exception {
        home = Files.createTempDirectory("replay-it");
        kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);
        TopicApplier.applyCatalogue(kafka.bootstrapServers(), catalog);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                ChangeEvents.Event event = ChangeEvents.nth(i, T0);
                SchemaValidator.bundled().requireValid(event.topic(), event.key().toString(), event.value().toString());
                long timestamp = T0.plus(Duration.ofMinutes(i)).toEpochMilli();
                RecordMetadata metadata = producer.send(new ProducerRecord<>(event.topic(), i % 3, timestamp,
                        event.key().toString(), event.value().toString())).get();
                // as a reader parses it (a long written as 1004 reads back as an int node)
                produced.add(new Produced(event.topic(), metadata.partition(), metadata.offset(), timestamp,
                        Json.mapper().readTree(event.key().toString()), Json.mapper().readTree(event.value().toString())));
            }
        }
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReplayATimeRangeOfAllChangeTopicsExactlyOnceInPartitionOrder() throws IOException {
        Instant from = T0.plus(Duration.ofMinutes(25));
        Instant to = T0.plus(Duration.ofMinutes(80));
        List<JsonNode> lines = jsonLines(EventSelection.of(catalog, "cdc", null, null, null),
                ReplayRange.parse(from.toString(), to.toString()));

        assertExactly(lines, p -> p.timestamp() >= from.toEpochMilli() && p.timestamp() < to.toEpochMilli());
        assertThat(lines).allMatch(l -> !Instant.parse(l.path("timestamp").asText()).isBefore(from)
                && Instant.parse(l.path("timestamp").asText()).isBefore(to));
    }

    @Test
    void shouldReplayOneRestaurantIncludingItsDeletesFromTheOldRow() throws IOException {
        List<JsonNode> lines = jsonLines(EventSelection.of(catalog, "cdc", null, 2L, null), ReplayRange.everything());

        assertExactly(lines, p -> restaurantOf(p.value()) == 2L);
        assertThat(lines).anyMatch(l -> l.path("value").path("op").asText().equals("d"));
        assertThat(lines).noneMatch(l -> l.path("topic").asText().equals("menuca.menuca_v3.marketing_tags"));
    }

    @Test
    void shouldReplayFromAnOffsetAndByOpAndTable() throws IOException {
        assertExactly(jsonLines(EventSelection.of(catalog, "cdc", null, null, null), ReplayRange.parse("7", null)),
                p -> p.offset() >= 7);
        assertExactly(jsonLines(EventSelection.of(catalog, "cdc", "coupon_usage_log", null, "d"), ReplayRange.everything()),
                p -> p.topic().equals("menuca.menuca_v3.coupon_usage_log") && p.value().path("op").asText().equals("d"));
        assertThat(jsonLines(EventSelection.of(catalog, "cdc", null, null, null),
                ReplayRange.parse(T0.plus(Duration.ofDays(1)).toString(), "now"))).as("after the last event").isEmpty();
    }

    @Test
    void shouldWriteCsvWithAHeaderAndTheFlattenedRowImage() throws IOException {
        EventSelection selection = EventSelection.of(catalog, DEALS, null, null, null);
        StringWriter out = new StringWriter();
        new ReplayEngine(kafka.bootstrapServers(), Duration.ofSeconds(30)).replay(selection, ReplayRange.everything(),
                new CsvSink(out, catalog, selection.topics()), ReplayProgress.silent());

        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = csv.readerForListOf(String.class).readValues(out.toString())) {
            it.forEachRemaining(rows::add);
        }
        List<String> header = rows.get(0);
        assertThat(header).startsWith("topic", "partition", "offset", "timestamp", "event_type", "key", "id", "restaurant_id",
                "title").endsWith("created_at", "updated_at");
        List<Produced> expected = produced.stream().filter(p -> p.topic().equals(DEALS)).toList();
        assertThat(rows.subList(1, rows.size())).hasSize(expected.size());
        Map<String, Produced> byPosition = new HashMap<>();
        expected.forEach(p -> byPosition.put(p.partition() + "/" + p.offset(), p));
        for (List<String> row : rows.subList(1, rows.size())) {
            Produced p = byPosition.remove(row.get(1) + "/" + row.get(2));
            assertThat(p).as("row %s was produced once", row).isNotNull();
            JsonNode image = p.value().path("op").asText().equals("d") ? p.value().path("before") : p.value().path("after");
            assertThat(row.get(3)).isEqualTo(Instant.ofEpochMilli(p.timestamp()).toString());
            assertThat(row.get(4)).isEqualTo(p.value().path("op").asText());
            for (int column = 6; column < header.size(); column++) {
                JsonNode value = image.path(header.get(column));
                assertThat(row.get(column)).as("%s of %s", header.get(column), p.position())
                        .isEqualTo(value.isNull() ? "" : value.asText());
            }
        }
        assertThat(byPosition).as("every deal event has a row").isEmpty();
    }

    private List<JsonNode> jsonLines(EventSelection selection, ReplayRange range) throws IOException {
        StringWriter out = new StringWriter();
        ReplaySummary summary = new ReplayEngine(kafka.bootstrapServers(), Duration.ofSeconds(30))
                .replay(selection, range, new JsonLinesSink(out), ReplayProgress.silent());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        assertThat(summary.written()).isEqualTo(lines.size());
        return lines;
    }

    /** The lines are exactly the produced events that match, each once, and in offset order per partition. */
    private void assertExactly(List<JsonNode> lines, Predicate<Produced> expected) {
        List<String> positions = lines.stream().map(l -> l.path("topic").asText() + "/" + l.path("partition").asInt()
                + "/" + l.path("offset").asLong()).toList();
        assertThat(new HashSet<>(positions)).as("no duplicates").hasSameSizeAs(positions);
        List<Produced> wanted = produced.stream().filter(expected).toList();
        assertThat(wanted).as("the test selects something").isNotEmpty();
        assertThat(positions).containsExactlyInAnyOrderElementsOf(wanted.stream().map(Produced::position).toList());
        Map<String, Produced> byPosition = new HashMap<>();
        wanted.forEach(p -> byPosition.put(p.position(), p));
        Map<String, Long> lastOffset = new HashMap<>();
        for (JsonNode line : lines) {
            Produced p = byPosition.get(line.path("topic").asText() + "/" + line.path("partition").asInt() + "/"
                    + line.path("offset").asLong());
            assertThat(line.path("value")).isEqualTo(p.value());
            assertThat(line.path("key")).isEqualTo(p.key());
            assertThat(line.path("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(p.timestamp()).toString());
            String partition = p.topic() + "/" + p.partition();
            assertThat(p.offset()).as("order within %s", partition).isGreaterThan(lastOffset.getOrDefault(partition, -1L));
            lastOffset.put(partition, p.offset());
        }
        Set<String> topics = new HashSet<>();
        lines.forEach(l -> topics.add(l.path("topic").asText()));
        assertThat(topics).isNotEmpty();
    }

    private static long restaurantOf(JsonNode value) {
        JsonNode row = value.path("after").isObject() ? value.path("after") : value.path("before");
        return row.path("restaurant_id").asLong(-1);
    }
}
