package com.menuca.promo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldExportTheAlertedDisconnectAndDropCountersAtZeroBeforeTheFirstOne() {
        GatewayMetrics metrics = new GatewayMetrics(registry);
        assertThat(registry.get("promo.gateway.disconnects").tag("reason", "too_slow").counter().count()).isZero();
        assertThat(registry.get("promo.gateway.drops").tag("reason", "unreadable_record").counter().count()).isZero();

        metrics.disconnect("too_slow");
        metrics.disconnect("too_slow");
        metrics.drop("policy");
        assertThat(registry.get("promo.gateway.disconnects").tag("reason", "too_slow").counter().count()).isEqualTo(2);
        assertThat(registry.get("promo.gateway.drops").tag("reason", "policy").counter().count()).isEqualTo(1);

        metrics.close();
        assertThat(registry.find("promo.gateway.disconnects").counters()).isEmpty();
    }
}
