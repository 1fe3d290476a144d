package com.menuca.promo.launcher;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
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
import picocli.CommandLine.Option;

/** {@code promo capture}: only the capture service, against an external PostgreSQL and Kafka. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Run only the capture service against the PostgreSQL and Kafka given by PROMO_* environment",
            "variables or a properties file (see `promo config capture`). Nothing embedded starts."})
final class CaptureCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CaptureCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        CaptureConfig config = CaptureConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        Readiness readiness = new Readiness();
        try (ServiceMetrics metrics = ServiceMetrics.create();
             OpsHttpServer http = OpsHttpServer.start(config.httpHost(), config.httpPort(), readiness, metrics.registry())) {
            CaptureService capture = new CaptureService(config, metrics.registry());
            readiness.register("capture", capture::isStreaming);
            Runtime.getRuntime().addShutdownHook(new Thread(capture::close, "capture-shutdown"));
            capture.start();
            capture.termination().join();
            return 0;
        } catch (CompletionException e) {
            LOGGER.error("Capture stopped: {}", e.getCause().getMessage());
            return Promo.EXIT_SETUP_PROBLEM;
        }
    }
}
