package com.menuca.promo.gateway.security;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A gateway with its own settings, metrics registry and readiness on a test class's {@link SecurityKafka}. */
public final class SecureGateway implements AutoCloseable {
    private final Gateway gateway;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;

    private SecureGateway(Gateway gateway, PrometheusMeterRegistry registry, Readiness readiness) {
        this.gateway = gateway;
        this.registry = registry;
        this.readiness = readiness;
    }

    /** Starts a gateway on any free port with {@code settings} over the defaults; waits until it serves joins. */
    public static SecureGateway start(SecurityKafka kafka, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        all.putIfAbsent(GatewayConfig.PORT.key(), "0");
        all.putIfAbsent(GatewayConfig.OPS_PORT.key(), "0");
        all.putIfAbsent(GatewayConfig.RESUME_KEY.key(), com.menuca.promo.gateway.testing.GatewayStack.RESUME_KEY);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Readiness readiness = new Readiness();
        Gateway gateway = Gateway.start(GatewayConfig.loadForDev(ConfigSource.of(all)), readiness, registry);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!gateway.isReady()) {
            if (Instant.now().isAfter(deadline)) {
                gateway.close();
                throw new IllegalStateException("gateway not ready within 60 s");
            }
            Thread.sleep(20);
        }
        return new SecureGateway(gateway, registry, readiness);
    }

    public int port() {
        return gateway.port();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Gateway gateway() {
        return gateway;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A gauge's current value (0 when it is not registered). */
    public double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** A counter's count with one tag (0 when it never counted). */
    public double counter(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
