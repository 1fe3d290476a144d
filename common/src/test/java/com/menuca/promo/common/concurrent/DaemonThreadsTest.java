package com.menuca.promo.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void shouldMakeDaemonThreadsCalledByTheirWork() {
        Thread thread = DaemonThreads.named("capture-slot-lag").newThread(() -> { });

        assertThat(thread.getName()).isEqualTo("capture-slot-lag");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
    }

    @Test
    void shouldNumberThePoolsThreadsInTheOrderTheyAreMade() {
        ThreadFactory factory = DaemonThreads.numbered("gateway-replay-");

        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("gateway-replay-1");
        Thread second = factory.newThread(() -> { });
        assertThat(second.getName()).isEqualTo("gateway-replay-2");
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void shouldRunTheGivenWorkOnceStarted() throws InterruptedException {
        boolean[] ran = new boolean[1];
        Thread thread = DaemonThreads.named("gateway-feed").newThread(() -> ran[0] = true);

        assertThat(thread.isDaemon()).isTrue();
        thread.start();
        thread.join();
        assertThat(ran[0]).isTrue();
    }
}
