package com.menuca.promo.gateway.feed;

import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;

/** Blocking calls on a consumer whose thread is woken up for commands (the feed's and the cluster link's). */
public final class ConsumerCalls {
    private ConsumerCalls() {
    }

    /**
     * Runs a blocking consumer call to completion: a command's {@code wakeup()} aborts it with
     * {@link WakeupException}, which must not leave an assignment half done; the command runs after.
     */
    public static <T> T blocking(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException e) {
                // a new command is waiting; it runs after this call completes
            }
        }
    }
}
