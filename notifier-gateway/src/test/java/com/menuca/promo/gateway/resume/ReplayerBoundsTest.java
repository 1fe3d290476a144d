package com.menuca.promo.gateway.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.gateway.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** Finding 8: the replay pool has a bounded queue; a socket's replay budget is spent, never exceeded. */
class ReplayerBoundsTest {

    @Test
    void shouldRefuseAReplayPastTheRunningAndWaitingBound() {
        try (Replayer replayer = new Replayer(KafkaConnection.plain("127.0.0.1:9"), 1 << 20, 2, 3, 100,
                UnpooledByteBufAllocator.DEFAULT,
                new PositionKey("a-resume-key-of-at-least-32-bytes-long"), new GatewayMetrics(new SimpleMeterRegistry()))) {
            for (int i = 0; i < 5; i++) {
                assertThat(replayer.tryReserve()).as("place %d of 2 running + 3 waiting", i + 1).isTrue();
            }
            assertThat(replayer.tryReserve()).isFalse();
        }
    }

    @Test
    void shouldSpendABudgetDownToZeroAndNoFurther() {
        ReplayBudget budget = new ReplayBudget(15);
        assertThat(budget.tryTake(10)).isTrue();
        assertThat(budget.tryTake(10)).isFalse();
        assertThat(budget.tryTake(5)).isTrue();
        assertThat(budget.remaining()).isZero();
    }
}
