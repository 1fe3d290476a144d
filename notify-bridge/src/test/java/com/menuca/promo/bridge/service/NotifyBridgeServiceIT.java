package com.menuca.promo.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.bridge.NotifyBridgeConfig;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.testkit.samples.Samples;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The bridge against a real PostgreSQL and Kafka: derived events written to their topics (as the
 * processor writes them, in a transaction) are notified on their seed channels to a JDBC listener, in
 * order; a second instance of the same bridge stands by and takes over, going on from the stored
 * position, with nothing lost or repeated; a bridge started for the first time starts with new events;
 * uncommitted events are never notified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifyBridgeServiceIT {
    private Path home;
    private EmbeddedRuntime runtime;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("notify-bridge-it");
        runtime = EmbeddedRuntime.start(home, 0, 0);
        TopicApplier.applyCatalogue(runtime.kafka().bootstrapServers(), Catalog.bundled());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafka().bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "notify-bridge-it");
        producer = new KafkaProducer<>(props, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private NotifyBridgeConfig config(String name) {
        EmbeddedPostgresServer pg = runtime.postgres();
        Map<String, String> settings = new HashMap<>(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.kafka().bootstrapServers(),
                PostgresSettings.HOST.key(), pg.host(),
                PostgresSettings.PORT.key(), String.valueOf(pg.port()),
                PostgresSettings.DATABASE.key(), EmbeddedPostgresServer.DATABASE,
                PostgresSettings.USER.key(), EmbeddedPostgresServer.USER,
                PostgresSettings.PASSWORD.key(), EmbeddedPostgresServer.PASSWORD,
                NotifyBridgeConfig.NAME.key(), name,
                NotifyBridgeConfig.RETRY_BACKOFF.key(), "200ms"));
        return NotifyBridgeConfig.load(ConfigSource.of(settings));
    }

    /** Writes events to their topic in one Kafka transaction; aborted when {@code commit} is false. */
    private void publish(List<DerivedEvent> events, boolean commit) throws Exception {
        producer.beginTransaction();
        for (DerivedEvent event : events) {
            var topic = DerivedEventType.ofWireName(event.type()).orElseThrow().topic();
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), event.key()),
                    topic.valueSerde().serializer().serialize(topic.name(), event)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    /** Event ids are UUIDs (the schema says so); tests name events by label and read the label back. */
    private static final Map<String, String> LABELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static DerivedEvent event(DerivedEventType type, long restaurant, Long customer, String label) {
        String id = java.util.UUID.nameUUIDFromBytes(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        LABELS.put(id, label);
        var event = Samples.event(type).eventId(id).restaurant(restaurant).customer(customer);
        if (type == DerivedEventType.DEAL_STATUS_CHANGED) {
            // the seed's channel carries is_active changes only (docs/supabase.md: the seed's payloads)
            event.data(new com.menuca.promo.schemas.derived.data.DealStatusChanged("Sample deal",
                    new com.menuca.promo.schemas.derived.data.DealState("active", true),
                    new com.menuca.promo.schemas.derived.data.DealState("paused", false), "deactivated"));
        }
        return event.build();
    }

    /** A JDBC session LISTENing on channels. */
    private Connection listener(String... channels) throws Exception {
        Connection c = runtime.postgres().connect();
        try (Statement s = c.createStatement()) {
            for (String channel : channels) {
                s.execute("LISTEN " + channel);
            }
        }
        return c;
    }

    /** Notifications received until {@code done} holds for them (or a minute passes). */
    private static List<PGNotification> receive(Connection c, List<PGNotification> into,
                                                java.util.function.Predicate<List<PGNotification>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.test(into) && System.nanoTime() < deadline) {
            PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(200);
            if (got != null) {
                into.addAll(List.of(got));
            }
        }
        return into;
    }

    /** {@code channel:label} of each notification (the label its event was published with). */
    private static List<String> ids(List<PGNotification> notifications) {
        List<String> ids = new ArrayList<>();
        for (PGNotification n : notifications) {
            try {
                String id = Json.mapper().readTree(n.getParameter()).path("event_id").asText();
                ids.add(n.getName() + ":" + LABELS.getOrDefault(id, id));
            } catch (java.io.IOException e) {
                throw new AssertionError("payload is not JSON: " + n.getParameter(), e);
            }
        }
        return ids;
    }

    @Test
    void shouldNotifyCommittedEventsInOrderAndHandOverToAStandbyWithoutLossOrRepeat() throws Exception {
        long r = 501;
        try (Connection listen = listener("deal_published", "restaurant_" + r + "_deal_status", "customer_77_coupon_redeemed",
                "restaurant_" + r + "_coupon_redeemed");
             NotifyBridge active = new NotifyBridge(config("handover"), new SimpleMeterRegistry())) {
            active.start();
            awaitReady(active);
            try (NotifyBridge standby = new NotifyBridge(config("handover"), new SimpleMeterRegistry())) {
                standby.start();
                awaitReady(standby);
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "p1"),
                        event(DerivedEventType.DEAL_STATUS_CHANGED, r, null, "s1")), true);
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "aborted")), false);
                publish(List.of(event(DerivedEventType.COUPON_REDEEMED, r, 77L, "c1")), true);
                List<PGNotification> got = receive(listen, new ArrayList<>(), n -> n.size() >= 4);
                assertThat(ids(got)).containsExactlyInAnyOrder("deal_published:p1", "restaurant_501_deal_status:s1",
                        "restaurant_501_coupon_redeemed:c1", "customer_77_coupon_redeemed:c1");
                assertThat(ids(got).indexOf("deal_published:p1")).as("one restaurant's deal events in order")
                        .isLessThan(ids(got).indexOf("restaurant_501_deal_status:s1"));

                active.close();
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "p2")), true);
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "p3")), true);
                receive(listen, got, n -> n.size() >= 6);
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "sentinel")), true);
                receive(listen, got, n -> ids(n).contains("deal_published:sentinel"));
                assertThat(ids(got)).as("the standby went on from the stored position: nothing lost, nothing twice")
                        .containsExactly("deal_published:p1", "restaurant_501_deal_status:s1",
                                "restaurant_501_coupon_redeemed:c1", "customer_77_coupon_redeemed:c1",
                                "deal_published:p2", "deal_published:p3", "deal_published:sentinel");
            }
        }
    }

    @Test
    void shouldStartWithNewEventsTheFirstTimeAndResumeFromTheStoredPositionAfterwards() throws Exception {
        long r = 502;
        publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "before-first-start")), true);
        try (Connection listen = listener("restaurant_" + r + "_deal_published")) {
            try (NotifyBridge bridge = new NotifyBridge(config("fresh"), new SimpleMeterRegistry())) {
                bridge.start();
                awaitReady(bridge);
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "after-start")), true);
                // one partition: had the older event been notified, it would have come first
                assertThat(ids(receive(listen, new ArrayList<>(), n -> n.size() >= 1)))
                        .containsExactly("restaurant_502_deal_published:after-start");
            }
            publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "while-stopped")), true);
            List<PGNotification> got = new ArrayList<>();
            try (NotifyBridge again = new NotifyBridge(config("fresh"), new SimpleMeterRegistry())) {
                again.start();
                publish(List.of(event(DerivedEventType.DEAL_PUBLISHED, r, null, "sentinel")), true);
                receive(listen, got, n -> ids(n).contains("restaurant_502_deal_published:sentinel"));
            }
            assertThat(ids(got)).containsExactly("restaurant_502_deal_published:while-stopped",
                    "restaurant_502_deal_published:sentinel");
        }
        try (Connection c = runtime.postgres().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM promo_notify.positions WHERE bridge = 'fresh'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a position per partition of the two topics").isEqualTo(6);
        }
    }

    private static void awaitReady(NotifyBridge bridge) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!bridge.isReady()) {
            assertThat(System.nanoTime()).as("bridge ready within a minute").isLessThan(deadline);
            assertThat(bridge.termination()).as("bridge still running").isNotDone();
            Thread.sleep(50);
        }
    }
}
