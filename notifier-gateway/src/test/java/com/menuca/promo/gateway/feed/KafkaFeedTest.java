package com.menuca.promo.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.Vsn;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The feed loop driven turn by turn over a {@code MockConsumer}, with a fake clock. */
class KafkaFeedTest {
    private final FeedFixture broker = new FeedFixture();
    private final AtomicLong nanos = new AtomicLong();
    private final LatestValues latest = new LatestValues();
    private final KafkaFeed feed = new KafkaFeed(broker.consumer, latest, new GatewayMetrics(new SimpleMeterRegistry()),
            1 << 20, 1_000, UnpooledByteBufAllocator.DEFAULT,
            new com.menuca.promo.gateway.resume.PositionKey(com.menuca.promo.gateway.testing.GatewayStack.RESUME_KEY), nanos::get,
            java.time.Duration.ofSeconds(2));
    private final List<String> answers = new ArrayList<>();

    private JoinRequest join(String channel) {
        Principal principal = new Principal("s", "service_role", Instant.now().plusSeconds(600), Map.of("role", "service_role"));
        ChannelSession session = new ChannelSession(new NullSubscriber(), ChannelNames.resolve(channel), "1",
                Policy.defaults().accessFor(principal), EventFilter.ALL, 1L << FeedTopic.DEAL_PERFORMANCE.code());
        return new JoinRequest(session, new JoinRequest.Listener() {
            @Override
            public void live(List<LatestValues.Latest> values, ReplayPlan replay, String position) {
                answers.add("live " + values.size());
            }

            @Override
            public void refused(String code, String message) {
                answers.add("refused " + code);
            }
        });
    }

    @Test
    void shouldHoldJoinsUntilTheLatestWinsTopicsAreReadThenAnswerWithTheirValues() throws Exception {
        broker.createLatestWins();
        broker.create(FeedTopic.DEAL_PERFORMANCE, 1, 0, 1);
        feed.join(join("restaurant:42:performance"));
        feed.pollOnce();
        assertThat(answers).as("the feed has not read the performance topic yet").isEmpty();
        broker.consumer.addRecord(new ConsumerRecord<>(FeedTopic.DEAL_PERFORMANCE.topicName(), 0, 0,
                "{\"restaurant_id\":42}".getBytes(StandardCharsets.UTF_8),
                "{\"restaurant_id\":42,\"deals\":[]}".getBytes(StandardCharsets.UTF_8)));
        feed.pollOnce();
        assertThat(answers).containsExactly("live 1");
        assertThat(latest.performance(42)).isPresent();
    }

    @Test
    void shouldSkipAnUnreadableRecordAndGoOn() throws Exception {
        broker.createLatestWins();
        broker.create(FeedTopic.DEAL_PERFORMANCE, 1, 0, 2);
        broker.consumer.schedulePollTask(() -> { });
        feed.pollOnce();
        broker.consumer.addRecord(new ConsumerRecord<>(FeedTopic.DEAL_PERFORMANCE.topicName(), 0, 0,
                "{\"restaurant_id\":7}".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8)));
        broker.consumer.addRecord(new ConsumerRecord<>(FeedTopic.DEAL_PERFORMANCE.topicName(), 0, 1,
                "{\"restaurant_id\":8}".getBytes(StandardCharsets.UTF_8),
                "{\"restaurant_id\":8}".getBytes(StandardCharsets.UTF_8)));
        feed.pollOnce();
        assertThat(latest.performance(7)).isEmpty();
        assertThat(latest.performance(8)).isPresent();
        assertThat(feed.isCaughtUp()).as("caught up, but the loop runs on no thread here").isFalse();
    }

    @Test
    void shouldPlanAResumeFromRetentionLookedUpBeforeTheFeedWithoutABrokerCall() throws Exception {
        broker.createLatestWins();
        broker.create(FeedTopic.DEAL_PERFORMANCE, 1, 0, 3);
        feed.pollOnce();
        for (int offset = 0; offset < 3; offset++) {
            broker.consumer.addRecord(new ConsumerRecord<>(FeedTopic.DEAL_PERFORMANCE.topicName(), 0, offset,
                    "{\"restaurant_id\":5}".getBytes(StandardCharsets.UTF_8), "{\"restaurant_id\":5}".getBytes(StandardCharsets.UTF_8)));
        }
        feed.pollOnce();
        JoinRequest plain = join("restaurant:5:performance");
        com.menuca.promo.gateway.resume.Position resume = new com.menuca.promo.gateway.resume.Position(
                Map.of(FeedTopic.DEAL_PERFORMANCE.code(), new long[] {1}));
        List<String> plans = new ArrayList<>();
        JoinRequest resuming = new JoinRequest(plain.session(), resume, Map.of(FeedTopic.DEAL_PERFORMANCE, new long[] {0}),
                new com.menuca.promo.gateway.resume.ReplayBudget(100), new JoinRequest.Listener() {
                    @Override
                    public void live(List<LatestValues.Latest> values, ReplayPlan replay, String position) {
                        plans.add("replay " + replay.records());
                    }

                    @Override
                    public void refused(String code, String message) {
                        plans.add("refused " + code);
                    }
                });
        feed.join(resuming);
        feed.pollOnce();
        assertThat(plans).containsExactly("replay 2");
        assertThat(broker.retentionLookups).as("no retention lookup on the feed").isEmpty();
    }

    @Test
    void shouldBackOffAndResumeWhenTheLoopFailsUnexpectedly() throws Exception {
        broker.createLatestWins();
        broker.create(FeedTopic.DEAL_PERFORMANCE, 1, 0, 0);
        feed.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(feed::isCaughtUp);
            assertThat(feed.isHealthy()).isTrue();
            broker.consumer.setPollException(new org.apache.kafka.common.KafkaException("broker connection lost"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .alias("the feed reports itself unhealthy while it backs off").until(() -> !feed.isHealthy());
            broker.consumer.schedulePollTask(() -> broker.consumer.addRecord(new ConsumerRecord<>(
                    FeedTopic.DEAL_PERFORMANCE.topicName(), 0, 0, "{\"restaurant_id\":9}".getBytes(StandardCharsets.UTF_8),
                    "{\"restaurant_id\":9}".getBytes(StandardCharsets.UTF_8))));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .alias("the loop resumed and reads again").until(() -> latest.performance(9).isPresent());
            assertThat(feed.isHealthy()).isTrue();
            assertThat(feed.isCaughtUp()).isTrue();
        } finally {
            feed.close();
        }
    }

    /** A socket that takes nothing (these tests look at the feed's answers, not at frames). */
    private static final class NullSubscriber implements Subscriber {
        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public FrameCodec codec() {
            return Vsn.V2.codec();
        }

        @Override
        public void deliver(ChannelSession session, OutboundFrame frame) {
            io.netty.util.ReferenceCountUtil.release(frame.content());
        }

        @Override
        public void flush() {
        }

        @Override
        public int queued() {
            return 0;
        }
    }
}
