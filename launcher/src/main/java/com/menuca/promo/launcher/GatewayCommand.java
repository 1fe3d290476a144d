package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.metrics.ServiceMetrics;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promo gateway}: only the WebSocket gateway, against an external Kafka. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run only the notifier-gateway (Supabase Realtime protocol on /realtime/v1/websocket and the",
            "live-performance RPC on gateway.port; /health, /ready, /metrics on gateway.ops.port) against the Kafka given by PROMO_* environment",
            "variables or a properties file (see `promo config gateway`). Ctrl-C or SIGTERM stops it."})
final class GatewayCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(GatewayCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = GatewayConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        CountDownLatch stopped = new CountDownLatch(1);
        ServiceMetrics metrics = ServiceMetrics.create();
        Gateway gateway = Gateway.start(config, new Readiness(), metrics.registry());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            metrics.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        // Ends on a stop signal, or at once when Kafka refuses the gateway's credentials or ACLs.
        gateway.failure().exceptionally(e -> {
            stopped.countDown();
            return null;
        });
        stopped.await();
        if (gateway.failure().isCompletedExceptionally()) {
            LOGGER.error("Gateway stopped: {}", gateway.failure().handle((ok, e) -> e.getMessage()).join());
            gateway.close();
            return Promo.EXIT_SETUP_PROBLEM;
        }
        return 0;
    }
}
