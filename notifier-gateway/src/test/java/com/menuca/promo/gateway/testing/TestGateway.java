package com.menuca.promo.gateway.testing;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One more gateway on a {@link GatewayStack}'s Kafka, with settings of its own: a test that needs
 * a gateway configured as production runs it (its keys, policy) beside the stack's own.
 */
public final class TestGateway implements AutoCloseable {
    private final Gateway gateway;
    private final PrometheusMeterRegistry registry;

    private TestGateway(Gateway gateway, PrometheusMeterRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    /**
     * Starts a gateway on any free port and waits until it serves joins.
     *
     * @param production configured as {@code promo gateway} is ({@link GatewayConfig#load}: keys
     *                   required), else as {@code promo dev} is ({@link GatewayConfig#loadForDev})
     */
    static TestGateway start(String kafkaBootstrap, Map<String, String> settings, boolean production)
            throws InterruptedException {
        Map<String, String> all = new HashMap<>(settings);
        all.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), kafkaBootstrap);
        all.putIfAbsent(GatewayConfig.PORT.key(), "0");
        // several gateways in one JVM: ops ports free-picked; production ones need the shared resume key too
        all.putIfAbsent(GatewayConfig.OPS_PORT.key(), "0");
        all.putIfAbsent(GatewayConfig.RESUME_KEY.key(), GatewayStack.RESUME_KEY);
        ConfigSource source = ConfigSource.of(all);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gateway gateway = Gateway.start(production ? GatewayConfig.load(source) : GatewayConfig.loadForDev(source),
                new Readiness(), registry);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!gateway.isReady()) {
            if (Instant.now().isAfter(deadline)) {
                gateway.close();
                throw new IllegalStateException("gateway not ready within 60 s");
            }
            Thread.sleep(20);
        }
        return new TestGateway(gateway, registry);
    }

    public int port() {
        return gateway.port();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The endpoint realtime-js is given ({@code /websocket} is appended by the client). */
    public String realtimeUrl() {
        return "ws://127.0.0.1:" + port() + "/realtime/v1";
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
