package com.menuca.promo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.function.LongSupplier;
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

    /**
     * The held-bytes gauges are given suppliers nobody else keeps (method references): they must keep
     * reading them after a garbage collection, where a weakly held supplier would make them NaN.
     */
    @Test
    void shouldKeepReportingHeldBytesAfterGarbageCollection() throws InterruptedException {
        GatewayMetrics metrics = new GatewayMetrics(registry);
        long[] held = {1234, 567};
        WeakReference<LongSupplier> total = register(metrics, held);
        // the supplier is collectable unless the gauge holds it: collect until it is gone or clearly kept
        for (int i = 0; i < 20 && total.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(registry.get("promo.gateway.held.bytes").gauge().value()).isEqualTo(1234);
        assertThat(registry.get("promo.gateway.held.bytes.max").gauge().value()).isEqualTo(567);
        assertThat(total.get()).as("the gauge keeps its supplier").isNotNull();
    }

    private static WeakReference<LongSupplier> register(GatewayMetrics metrics, long[] held) {
        LongSupplier total = () -> held[0];
        metrics.heldBytes(total, () -> held[1]);
        return new WeakReference<>(total);
    }
}
