package com.menuca.promo.gateway.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** A {@link MockConsumer} standing in for a broker: topics are created with partitions and offsets. */
final class FeedFixture {
    /** Lookups of retained offsets made through this consumer (a resume must make none on the feed thread). */
    final List<String> retentionLookups = new java.util.concurrent.CopyOnWriteArrayList<>();
    final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest") {
        @Override
        public synchronized Map<TopicPartition, Long> beginningOffsets(java.util.Collection<TopicPartition> partitions,
                                                                       java.time.Duration timeout) {
            retentionLookups.add(Thread.currentThread().getName());
            return super.beginningOffsets(partitions, timeout);
        }

        @Override
        public synchronized Map<TopicPartition, Long> beginningOffsets(java.util.Collection<TopicPartition> partitions) {
            retentionLookups.add(Thread.currentThread().getName());
            return super.beginningOffsets(partitions);
        }
    };

    /** Creates {@code topic} with {@code partitions} partitions holding offsets {@code [begin, end)} each. */
    void create(FeedTopic topic, int partitions, long begin, long end) {
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> beginning = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        Node node = new Node(0, "localhost", 9092);
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(topic.topicName(), p, node, new Node[]{node}, new Node[]{node}));
            beginning.put(new TopicPartition(topic.topicName(), p), begin);
            ends.put(new TopicPartition(topic.topicName(), p), end);
        }
        consumer.updatePartitions(topic.topicName(), infos);
        consumer.updateBeginningOffsets(beginning);
        consumer.updateEndOffsets(ends);
    }

    /** Creates every latest-wins topic, empty, with one partition. */
    void createLatestWins() {
        for (FeedTopic topic : FeedTopic.values()) {
            if (topic.isLatestWins()) {
                create(topic, 1, 0, 0);
            }
        }
    }
}
