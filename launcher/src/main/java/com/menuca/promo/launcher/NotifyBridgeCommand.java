package com.menuca.promo.launcher;

import com.menuca.promo.bridge.NotifyBridgeConfig;
import com.menuca.promo.bridge.NotifyBridgeException;
import com.menuca.promo.bridge.service.NotifyBridge;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.metrics.ServiceMetrics;
import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo notify-bridge}: the derived events as NOTIFY on the seed's pg_notify channels. */
@Command(name = "notify-bridge", mixinStandardHelpOptions = true,
        description = {"Run the optional notify bridge: the derived events from Kafka (read_committed) as NOTIFY on the",
            "platform's original pg_notify channels (deal_published, restaurant_{id}_deal_status, ...), for backends that",
            "LISTEN. Positions are stored in PostgreSQL with the notifications, so a crash neither loses nor repeats one.",
            "Settings: PROMO_* environment variables or a properties file (see `promo config notify-bridge`)."})
final class NotifyBridgeCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyBridgeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NotifyBridgeConfig config = NotifyBridgeConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        Readiness readiness = new Readiness();
        try (ServiceMetrics metrics = ServiceMetrics.create();
             OpsHttpServer http = OpsHttpServer.start(config.httpHost(), config.httpPort(), readiness, metrics.registry())) {
            NotifyBridge bridge = new NotifyBridge(config, metrics.registry());
            readiness.register("notify-bridge", bridge::isReady);
            Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "notify-bridge-shutdown"));
            bridge.start();
            bridge.termination().join();
            return 0;
        } catch (CompletionException e) {
            if (e.getCause() instanceof NotifyBridgeException problem) {
                spec.commandLine().getErr().println("promo: " + problem.getMessage());
                return Promo.EXIT_SETUP_PROBLEM;
            }
            LOGGER.error("Notify bridge stopped: {}", e.getCause().toString());
            return 1;
        }
    }
}
