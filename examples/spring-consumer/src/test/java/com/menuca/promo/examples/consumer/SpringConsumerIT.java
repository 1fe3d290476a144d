package com.menuca.promo.examples.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.testkit.PromoKafka;
import com.menuca.promo.testkit.PromoKafkaExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example consumer against the real pipeline, without Docker: promo-testkit starts PostgreSQL, the
 * capture, the processor and Kafka in this JVM; rows committed in {@code menuca_v3} must reach the
 * listeners as typed events and take effect exactly once per event id, also when the consumer restarts
 * and every event is delivered to it again; a poison record must land on the dead-letter topic while the
 * listener goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringConsumerIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String GROUP = "promo-spring-consumer";
    private static final List<String> EVENT_TOPICS = List.of("promo.deal-lifecycle", "promo.coupon-activity");

    @RegisterExtension
    static final PromoKafkaExtension PROMO = PromoKafkaExtension.withPipeline();

    private PromoKafka promo;
    private ConfigurableApplicationContext app;
    private long coupon;
    private int orders;

    @BeforeAll
    void startConsumer() throws Exception {
        promo = PROMO.kafka();
        promo.createDatabase("loyalty");
        long deal = promo.queryLong("""
                INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, is_active, status)
                VALUES (42, 'Taco Tuesday', 'percent', 15, now() + interval '1 day', true, 'active') RETURNING id""");
        coupon = promo.queryLong("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit)
                VALUES (42, %d, 'TACO15', 'percent', 15, 4) RETURNING id""".formatted(deal));
        app = start();
    }

    private ConfigurableApplicationContext start() {
        // As command-line arguments, which override application.yml (builder "properties" would only be defaults).
        return new SpringApplicationBuilder(ConsumerApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + promo.bootstrapServers(),
                "--spring.datasource.url=" + promo.jdbcUrl("loyalty"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres");
    }

    @AfterAll
    void stopConsumer() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void shouldTurnCommittedRowsIntoTypedEventsHandledOncePerEventId() throws Exception {
        redeem(7, "4.50", "30.00");
        redeem(7, "3.25", "21.70");
        redeem(8, "1.00", "9.99");
        awaitAllHandled();

        assertThat(handledIds()).as("every event on the topics, handled once").containsExactlyInAnyOrderElementsOf(topicEventIds());
        assertThat(jdbc().queryForList("SELECT type FROM handled_events WHERE restaurant_id = 42", String.class))
                .contains("deal_published", "coupon_created").filteredOn("coupon_redeemed"::equals).hasSize(3);
        assertSavingsMatchTheDatabase();
        assertThat(jdbc().queryForObject("SELECT count(*) FROM usage_changes WHERE op = 'c'", Long.class))
                .as("typed changes of coupon_usage_log").isEqualTo(3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc().queryForObject(
                "SELECT total FROM latest_counts WHERE scope = 'coupon' AND id = ?", Long.class, coupon)).isEqualTo(3));
    }

    @Test
    @Order(2)
    void shouldHandleEveryEventExactlyOnceAcrossARestartThatRedeliversEverything() throws Exception {
        app.close();
        app = null;
        redeem(7, "2.00", "12.00");     // while the consumer is down; this one reaches the usage limit of 4
        redeem(9, "5.00", "40.00");
        rewindConsumerGroup();           // as after a crash before any offset was committed: everything comes again
        app = start();
        awaitAllHandled();

        Set<String> onTopics = topicEventIds();
        assertThat(handledIds()).as("each event once, none lost across the restart").containsExactlyInAnyOrderElementsOf(onTopics);
        assertThat(jdbc().queryForList("SELECT type FROM handled_events", String.class)).contains("coupon_limit_reached");
        assertThat(app.getBean(Ledger.class).duplicatesIgnored()).as("redelivered events recognised by event id")
                .isGreaterThanOrEqualTo(onTopics.size() - 3);
        assertSavingsMatchTheDatabase();
        assertThat(jdbc().queryForObject("SELECT count(*) FROM usage_changes WHERE op = 'c'", Long.class)).isEqualTo(5);
    }

    @Test
    @Order(3)
    void shouldSendAPoisonRecordToTheDeadLetterTopicAndGoOn() throws Exception {
        byte[] poison = "{\"event_id\": not json".getBytes(StandardCharsets.UTF_8);
        promo.publishRaw("promo.coupon-activity", "{\"restaurant_id\":42}".getBytes(StandardCharsets.UTF_8), poison);
        redeem(10, "0.50", "5.00");
        awaitAllHandled();
        assertSavingsMatchTheDatabase();

        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer("dead-letter-check")) {
            consumer.subscribe(List.of("promo-spring-consumer.dead-letter"));
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).as("forwarded byte for byte").isEqualTo(poison);
            assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-original-topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo("promo.coupon-activity");
            assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-exception-fqcn").value(), StandardCharsets.UTF_8))
                    .contains("DeserializationException");
        }
    }

    /** A usage row of the coupon for the customer, committed. */
    private void redeem(long customer, String discount, String total) throws Exception {
        promo.execute("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (%d, 42, %d, %d, %s, %s)""".formatted(coupon, customer, 90_000 + ++orders, discount, total));
    }

    /**
     * Waits until the processor has derived a coupon_redeemed event for every usage row in the database and
     * the service has handled every event on the topics and every usage change. Event ids are deterministic, so
     * the set on the topics is the truth the service's set is compared with.
     */
    private void awaitAllHandled() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, String> onTopics = topicEvents();
            long redeemed = onTopics.values().stream().filter("coupon_redeemed"::equals).count();
            return redeemed == usageRows() && onTopics.containsValue("deal_published")
                    && onTopics.containsValue("coupon_created") && handledIds().containsAll(onTopics.keySet())
                    && jdbc().queryForObject("SELECT count(*) FROM usage_changes", Long.class) == usageRows();
        });
    }

    private long usageRows() throws Exception {
        return promo.queryLong("SELECT count(*) FROM menuca_v3.coupon_usage_log");
    }

    /** What each customer saved, per the listener, equals what the database says they saved. */
    private void assertSavingsMatchTheDatabase() throws Exception {
        Map<Long, BigDecimal> fromSql = new HashMap<>();
        Map<Long, Long> countsFromSql = new HashMap<>();
        try (var c = promo.connect(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT customer_id, count(*), sum(discount_applied) FROM menuca_v3.coupon_usage_log GROUP BY customer_id")) {
            while (rs.next()) {
                countsFromSql.put(rs.getLong(1), rs.getLong(2));
                fromSql.put(rs.getLong(1), rs.getBigDecimal(3));
            }
        }
        Map<Long, BigDecimal> saved = new HashMap<>();
        Map<Long, Long> counted = new HashMap<>();
        jdbc().query("SELECT customer_id, redemptions, saved FROM customer_savings", rs -> {
            counted.put(rs.getLong(1), rs.getLong(2));
            saved.put(rs.getLong(1), rs.getBigDecimal(3));
        });
        assertThat(counted).as("redemptions per customer").isEqualTo(countsFromSql);
        assertThat(saved).as("savings per customer, exact").isEqualTo(fromSql);
    }

    private Set<String> handledIds() {
        return new HashSet<>(jdbc().queryForList("SELECT event_id FROM handled_events", String.class));
    }

    private Set<String> topicEventIds() {
        return topicEvents().keySet();
    }

    /** Every event on the event topics now (id to type), read with read_committed as the service does. */
    private Map<String, String> topicEvents() {
        Map<String, String> ids = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, promo.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            EVENT_TOPICS.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = readTree(record.value());
                    if (event != null) { // the poison record of the last test is no event
                        ids.put(event.path("event_id").asText(), event.path("type").asText());
                    }
                }
            }
        }
        return ids;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void rewindConsumerGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, promo.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(0)));
            assertThat(start).as("the consumer had committed offsets").isNotEmpty();
            admin.alterConsumerGroupOffsets(GROUP, start).all().get();
        }
    }

    private KafkaConsumer<byte[], byte[]> rawConsumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, promo.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private JdbcTemplate jdbc() {
        return app.getBean(JdbcTemplate.class);
    }
}
