package com.menuca.promo.gateway.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which topics the feed consumer reads, and from where. Latest-wins topics are wanted from the start
 * and read from their beginning; the feed is caught up once they are read to where they stood when
 * assigned. Change topics are wanted once a join needs them and read from their end. A wanted topic
 * that does not exist yet is looked for again every second and read from its beginning once it
 * appears (nothing written to it can have been missed). Confined to the feed thread.
 */
final class TopicAssignment {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAssignment.class);
    static final long RECHECK_NANOS = 1_000_000_000L;

    private final Consumer<byte[], byte[]> consumer;
    private final Dispatcher dispatcher;
    private final LongSupplier nanoClock;
    private final Set<FeedTopic> wanted = EnumSet.noneOf(FeedTopic.class);
    private final Set<FeedTopic> fromBeginning = EnumSet.noneOf(FeedTopic.class);
    private final Map<FeedTopic, Integer> assigned = new EnumMap<>(FeedTopic.class);
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    private boolean caughtUp;
    private long lastCheck;

    TopicAssignment(Consumer<byte[], byte[]> consumer, Dispatcher dispatcher, LongSupplier nanoClock) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.nanoClock = nanoClock;
        this.lastCheck = nanoClock.getAsLong() - RECHECK_NANOS;
        for (FeedTopic topic : FeedTopic.values()) {
            if (topic.isLatestWins()) {
                wanted.add(topic);
                fromBeginning.add(topic);
            }
        }
    }

    boolean isEmpty() {
        return assigned.isEmpty();
    }

    /** Partitions of an assigned topic (0 when it is not read). */
    int partitions(FeedTopic topic) {
        return assigned.getOrDefault(topic, 0);
    }

    /** Reads {@code topics} too (at once: a join waits for them). */
    void want(Set<FeedTopic> topics) {
        if (!wanted.containsAll(topics)) {
            wanted.addAll(topics);
            assignMissing(true);
        }
    }

    /**
     * Assigns wanted topics that exist and are not read yet; without {@code now}, looks at most once
     * per {@link #RECHECK_NANOS}.
     */
    void assignMissing(boolean now) {
        if (wanted.size() == assigned.size()) {
            return;
        }
        long nanos = nanoClock.getAsLong();
        if (!now && nanos - lastCheck < RECHECK_NANOS) {
            return;
        }
        lastCheck = nanos;
        Map<FeedTopic, Integer> added = new EnumMap<>(FeedTopic.class);
        for (FeedTopic topic : wanted) {
            if (assigned.containsKey(topic)) {
                continue;
            }
            List<PartitionInfo> partitions = partitionsOf(topic);
            if (partitions.isEmpty()) {
                fromBeginning.add(topic);
                continue;
            }
            added.put(topic, partitions.size());
        }
        if (added.isEmpty()) {
            return;
        }
        assigned.putAll(added);
        List<TopicPartition> all = new ArrayList<>();
        assigned.forEach((topic, count) -> all.addAll(partitionsOf(topic, count)));
        consumer.assign(all);
        List<TopicPartition> beginning = new ArrayList<>();
        List<TopicPartition> end = new ArrayList<>();
        added.forEach((topic, count) -> (fromBeginning.contains(topic) ? beginning : end)
                .addAll(partitionsOf(topic, count)));
        // an empty list would mean "every assigned partition" to these two calls
        if (!beginning.isEmpty()) {
            consumer.seekToBeginning(beginning);
        }
        if (!end.isEmpty()) {
            consumer.seekToEnd(end);
        }
        if (!caughtUp) {
            Map<TopicPartition, Long> ends = ConsumerCalls.blocking(() -> consumer.endOffsets(beginning, Duration.ofSeconds(30)));
            ends.forEach((tp, offset) -> {
                if (FeedTopic.byName(tp.topic()).map(FeedTopic::isLatestWins).orElse(false)) {
                    catchUpTargets.put(tp, offset);
                }
            });
        }
        added.forEach((topic, count) -> {
            long[] positions = new long[count];
            for (TopicPartition partition : partitionsOf(topic, count)) {
                positions[partition.partition()] = ConsumerCalls.blocking(() -> consumer.position(partition, Duration.ofSeconds(30)));
            }
            dispatcher.setPartitions(topic, positions);
            LOGGER.info("Gateway feed reads {} ({} partitions) from {}", topic.topicName(), count,
                    fromBeginning.contains(topic) ? "its beginning" : "its end");
        });
    }

    /**
     * True once every latest-wins topic that exists was read up to where it stood when assigned
     * (and from then on).
     */
    boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            if (ConsumerCalls.blocking(() -> consumer.position(target.getKey())) < target.getValue()) {
                return false;
            }
        }
        caughtUp = true;
        return true;
    }

    private List<PartitionInfo> partitionsOf(FeedTopic topic) {
        try {
            List<PartitionInfo> partitions = ConsumerCalls.blocking(() -> consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10)));
            return partitions == null ? List.of() : partitions;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }

    private static List<TopicPartition> partitionsOf(FeedTopic topic, int count) {
        List<TopicPartition> list = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            list.add(new TopicPartition(topic.topicName(), p));
        }
        return list;
    }
}
