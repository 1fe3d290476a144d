package com.menuca.promo.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.schemas.gateway.GatewayTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster link when Kafka fails it: a refusal no retry can fix stops the gateway with the fix in
 * the message, any other error takes the gateway out of readiness instead of leaving it serving
 * clients a presence state it no longer keeps.
 */
class ClusterBusTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A consumer standing in for a broker; polls wait a little, as a real one does when nothing comes. */
    private static class Broker extends MockConsumer<byte[], byte[]> {
        Broker() {
            super("latest");
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }

        void create(String topic) {
            Node node = new Node(0, "localhost", 9092);
            TopicPartition partition = new TopicPartition(topic, 0);
            updatePartitions(topic, List.of(new PartitionInfo(topic, 0, node, new Node[] {node}, new Node[] {node})));
            updateBeginningOffsets(Map.of(partition, 0L));
            updateEndOffsets(Map.of(partition, 0L));
        }
    }

    private ClusterBus bus;

    private ClusterBus start(Broker consumer) {
        return start(consumer, new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    private ClusterBus start(Broker consumer, MockProducer<byte[], byte[]> producer) {
        bus = new ClusterBus("gw-test", consumer, producer, GatewayConfig.loadForDev(ConfigSource.of(Map.of())).clientLimits(),
                new ClusterMetrics(new SimpleMeterRegistry()), UnpooledByteBufAllocator.DEFAULT,
                KafkaConnection.plain("broker:9093"));
        bus.start();
        return bus;
    }

    @AfterEach
    void stop() {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void shouldStopTheGatewayWithTheFixWhenKafkaDeniesTheGatewayTopics() {
        Broker consumer = new Broker() {
            @Override
            public synchronized List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
                throw new TopicAuthorizationException(Set.of(topic));
            }
        };
        ClusterBus bus = start(consumer);
        await().atMost(WAIT).until(() -> bus.failure().isDone());
        assertThat(bus.failure()).isCompletedExceptionally();
        Throwable failure = bus.failure().handle((ok, e) -> e).join();
        assertThat(failure).isInstanceOf(KafkaSetupException.class);
        assertThat(failure.getMessage()).contains("denied the gateway access to topic(s) [" + GatewayTopics.PRESENCE.name())
                .contains("promo acls");
        assertThat(bus.isReady()).isFalse();
    }

    @Test
    void shouldStopTheGatewayWithTheFixWhenKafkaDeniesItsHeartbeat() {
        Broker consumer = new Broker();
        consumer.create(GatewayTopics.PRESENCE.name());
        consumer.create(GatewayTopics.BROADCASTS.name());
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ClusterBus bus = start(consumer, producer);
        // the principal may read the gateway topics but not write them
        await().atMost(WAIT).until(() -> {
            producer.errorNext(new TopicAuthorizationException(Set.of(GatewayTopics.PRESENCE.name())));
            return bus.failure().isDone();
        });
        assertThat(bus.failure().handle((ok, e) -> e.getMessage()).join())
                .contains("denied the gateway access to topic(s) [" + GatewayTopics.PRESENCE.name() + "]")
                .contains("promo acls");
        assertThat(bus.isReady()).isFalse();
    }

    @Test
    void shouldReportNotReadyOnceTheLinkStoppedOnAnotherError() {
        Broker consumer = new Broker();
        consumer.create(GatewayTopics.PRESENCE.name());
        consumer.create(GatewayTopics.BROADCASTS.name());
        ClusterBus bus = start(consumer);
        await().atMost(WAIT).until(bus::isReady);

        consumer.setPollException(new KafkaException("the broker sent something this client cannot read"));
        await().atMost(WAIT).until(() -> !bus.isReady());
        assertThat(bus.failure()).as("not a setup problem: the gateway keeps serving the rest").isNotDone();
    }
}
