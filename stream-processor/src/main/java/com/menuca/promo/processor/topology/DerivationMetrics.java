package com.menuca.promo.processor.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the derivations count besides Kafka Streams' own metrics: dead letters by reason and
 * redelivered changes dropped. (Counts may run ahead after an aborted transaction is retried; the
 * topics themselves are exact.)
 */
public final class DerivationMetrics {
    private final MeterRegistry registry;

    public DerivationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void deadLetter(String reason) {
        Counter.builder("promo.processor.dead.letters").description("Changes sent to the dead-letter topic")
                .tag("reason", reason).register(registry).increment();
    }

    public void duplicate(String table) {
        Counter.builder("promo.processor.duplicates").description("Redelivered changes dropped by source position")
                .tag("table", table).register(registry).increment();
    }
}
