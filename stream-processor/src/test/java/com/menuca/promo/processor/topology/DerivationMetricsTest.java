package com.menuca.promo.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DerivationMetricsTest {

    @Test
    void shouldExportEveryDeadLetterReasonAtZeroBeforeTheFirstDeadLetter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DerivationMetrics metrics = new DerivationMetrics(registry);
        assertThat(registry.find("promo.processor.dead.letters").counters())
                .extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrder("unparseable", "invalid_row", "missing_reference", "processing_failed");
        assertThat(registry.find("promo.processor.dead.letters").counters()).allMatch(c -> c.count() == 0);

        metrics.deadLetter("invalid_row");
        assertThat(registry.get("promo.processor.dead.letters").tag("reason", "invalid_row").counter().count()).isEqualTo(1);
    }
}
