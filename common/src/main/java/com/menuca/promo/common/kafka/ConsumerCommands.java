package com.menuca.promo.common.kafka;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work for the one thread that owns a Kafka consumer, which is not thread-safe: other threads queue
 * it and wake the consumer from its poll ({@link Consumer#wakeup()}); the owner runs it between polls,
 * so each command sees the consumer and whatever the owner keeps exactly as they are between two polls.
 */
public final class ConsumerCommands {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConsumerCommands.class);

    private final Deque<Runnable> queue = new ConcurrentLinkedDeque<>();
    private final Consumer<?, ?> consumer;
    private final String owner;

    /** @param owner what runs the commands, as the log names it ("gateway feed") */
    public ConsumerCommands(Consumer<?, ?> consumer, String owner) {
        this.consumer = consumer;
        this.owner = owner;
    }

    /** Queues a command (any thread) and wakes the owner from its poll. */
    public void submit(Runnable command) {
        queue.add(command);
        consumer.wakeup();
    }

    /**
     * Runs the queued commands in order (the owner's thread only). A command interrupted by a wakeup
     * another thread asked for meanwhile (it used the consumer) goes back to the front, to run after the
     * next poll, so the order holds; one that fails otherwise is logged and dropped, so one bad command
     * does not stop the owner.
     */
    public void runQueued() {
        Runnable command;
        while ((command = queue.poll()) != null) {
            try {
                command.run();
            } catch (WakeupException e) {
                queue.addFirst(command);
                return;
            } catch (RuntimeException e) {
                LOGGER.warn("{} command failed: {}", owner, e.toString(), e);
            }
        }
    }
}
