package com.menuca.promo.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class ConsumerCommandsTest {
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final ConsumerCommands commands = new ConsumerCommands(consumer, "test loop");
    private final List<String> ran = new ArrayList<>();

    @Test
    void shouldWakeTheOwnerFromItsPollAndRunTheCommandsInOrderBetweenPolls() throws Exception {
        Thread other = new Thread(() -> {
            commands.submit(() -> ran.add("join"));
            commands.submit(() -> ran.add("leave"));
        });
        other.start();
        other.join();

        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).as("the poll was woken").isInstanceOf(WakeupException.class);
        assertThat(ran).as("nothing runs off the owner's thread").isEmpty();
        commands.runQueued();
        assertThat(ran).containsExactly("join", "leave");
        commands.runQueued();
        assertThat(ran).as("each runs once").hasSize(2);
    }

    @Test
    void shouldRunACommandAWakeupInterruptedAgainFirstAfterTheNextPoll() {
        AtomicBoolean interrupted = new AtomicBoolean();
        commands.submit(() -> {
            if (interrupted.compareAndSet(false, true)) {
                throw new WakeupException();
            }
            ran.add("seek");
        });
        commands.submit(() -> ran.add("after"));

        commands.runQueued();
        assertThat(ran).as("stopped at the interrupted command").isEmpty();
        commands.runQueued();
        assertThat(ran).containsExactly("seek", "after");
    }

    @Test
    void shouldDropACommandThatFailsAndRunTheRest() {
        commands.submit(() -> {
            throw new IllegalStateException("bad join");
        });
        commands.submit(() -> ran.add("next"));

        commands.runQueued();

        assertThat(ran).containsExactly("next");
        commands.runQueued();
        assertThat(ran).containsExactly("next");
    }
}
