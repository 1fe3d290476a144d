package com.menuca.promo.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicAssignmentTest {
    private final FeedFixture broker = new FeedFixture();
    private final AtomicLong nanos = new AtomicLong();
    private final Dispatcher dispatcher = new Dispatcher(new LatestValues(), new GatewayMetrics(new SimpleMeterRegistry()),
            1 << 20, UnpooledByteBufAllocator.DEFAULT,
            new com.menuca.promo.gateway.resume.PositionKey(com.menuca.promo.gateway.testing.GatewayStack.RESUME_KEY));
    private final TopicAssignment topics = new TopicAssignment(broker.consumer, dispatcher, nanos::get);

    @Test
    void shouldReadLatestWinsTopicsFromTheirBeginningAndCatchUpAtTheirEnd() {
        broker.createLatestWins();
        broker.create(FeedTopic.DEAL_PERFORMANCE, 2, 5, 9);
        topics.assignMissing(false);
        TopicPartition performance = new TopicPartition(FeedTopic.DEAL_PERFORMANCE.topicName(), 1);
        assertThat(broker.consumer.assignment()).contains(performance);
        assertThat(dispatcher.next(FeedTopic.DEAL_PERFORMANCE)).containsExactly(5, 5);
        assertThat(topics.caughtUp()).isFalse();
        broker.consumer.seek(new TopicPartition(FeedTopic.DEAL_PERFORMANCE.topicName(), 0), 9);
        broker.consumer.seek(performance, 9);
        assertThat(topics.caughtUp()).isTrue();
    }

    @Test
    void shouldReadAChangeTopicAJoinNeedsFromItsEnd() {
        broker.createLatestWins();
        broker.create(FeedTopic.PROMOTIONAL_DEALS, 3, 0, 40);
        topics.assignMissing(false);
        topics.want(Set.of(FeedTopic.PROMOTIONAL_DEALS));
        assertThat(topics.partitions(FeedTopic.PROMOTIONAL_DEALS)).isEqualTo(3);
        assertThat(dispatcher.next(FeedTopic.PROMOTIONAL_DEALS)).containsExactly(40, 40, 40);
    }

    @Test
    void shouldLookForAMissingTopicOncePerSecondAndReadItFromItsBeginningOnceItAppears() {
        broker.createLatestWins();
        topics.want(Set.of(FeedTopic.PROMOTIONAL_COUPONS));
        assertThat(topics.partitions(FeedTopic.PROMOTIONAL_COUPONS)).isZero();
        broker.create(FeedTopic.PROMOTIONAL_COUPONS, 1, 0, 7);
        nanos.addAndGet(TopicAssignment.RECHECK_NANOS / 2);
        topics.assignMissing(false);
        assertThat(topics.partitions(FeedTopic.PROMOTIONAL_COUPONS)).as("not looked for again within a second").isZero();
        nanos.addAndGet(TopicAssignment.RECHECK_NANOS);
        topics.assignMissing(false);
        assertThat(topics.partitions(FeedTopic.PROMOTIONAL_COUPONS)).isEqualTo(1);
        assertThat(dispatcher.next(FeedTopic.PROMOTIONAL_COUPONS)).as("from its beginning: nothing missed").containsExactly(0);
    }
}
