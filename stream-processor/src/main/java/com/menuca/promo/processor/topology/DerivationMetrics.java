package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.cdc.InvalidChangeException;
import com.menuca.promo.processor.deadletter.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the derivations count besides Kafka Streams' own metrics: changes read by table, events
 * derived by type, dead letters by reason and redelivered changes dropped. (Counts may run ahead after an aborted transaction is retried; the
 * topics themselves are exact.)
 */
public final class DerivationMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> changesByTable = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventsByType = new ConcurrentHashMap<>();

    public DerivationMetrics(MeterRegistry registry) {
        this.registry = registry;
        // at zero from the start: an alert on increase() sees the first dead letter, and the series exists to alert on
        for (String reason : List.of(InvalidChangeException.UNPARSEABLE, InvalidChangeException.INVALID_ROW,
                DeadLetters.MISSING_REFERENCE, DeadLetters.PROCESSING_FAILED)) {
            deadLetterCounter(reason);
        }
    }

    /** One change read from a change topic (before de-duplication). */
    public void change(String table) {
        changesByTable.computeIfAbsent(table, t -> Counter.builder("promo.processor.changes")
                .description("Changes read from the change topics").tag("table", t).register(registry)).increment();
    }

    /** One derived event written to its topic. */
    public void event(String type) {
        eventsByType.computeIfAbsent(type, t -> Counter.builder("promo.processor.events")
                .description("Derived events written").tag("type", t).register(registry)).increment();
    }

    public void deadLetter(String reason) {
        deadLetterCounter(reason).increment();
    }

    private Counter deadLetterCounter(String reason) {
        return Counter.builder("promo.processor.dead.letters").description("Changes sent to the dead-letter topic")
                .tag("reason", reason).register(registry);
    }

    public void duplicate(String table) {
        Counter.builder("promo.processor.duplicates").description("Redelivered changes dropped by source position")
                .tag("table", table).register(registry).increment();
    }
}
