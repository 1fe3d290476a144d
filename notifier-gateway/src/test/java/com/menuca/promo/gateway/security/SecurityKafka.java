package com.menuca.promo.gateway.security;

import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * An embedded Kafka broker with every topic the gateway reads, empty: enough for the security
 * suite's gateways, which need no database and no capture. One per test class.
 */
public final class SecurityKafka implements AutoCloseable {
    private final Path home;
    private final EmbeddedKafkaBroker broker;

    private SecurityKafka(Path home, EmbeddedKafkaBroker broker) {
        this.home = home;
        this.broker = broker;
    }

    public static SecurityKafka start() throws Exception {
        Path home = Files.createTempDirectory("security-kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (FeedTopic topic : FeedTopic.values()) {
                NewTopic created = new NewTopic(topic.topicName(), 3, (short) 1);
                if (topic.isLatestWins()) {
                    created.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(created);
            }
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return new SecurityKafka(home, broker);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The broker's log directory: each partition's segment files are under {@code <topic>-<partition>/}. */
    public Path logDirectory() {
        return home;
    }

    /** Writes {@code count} records (any bytes: the gateway skips what it cannot read) to a topic's partition 0. */
    public void write(FeedTopic topic, int count) throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.topicName(), 0, null,
                        ("{\"filler\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            }
        }
    }

    @Override
    public void close() {
        broker.close();
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // temp directory left behind
        }
    }
}
