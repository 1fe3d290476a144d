package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.metrics.ServiceMetrics;
import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.ProcessorException;
import com.menuca.promo.processor.service.ApplicationReset;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.processor.serving.QueryRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

/** {@code promo process}: only the stream processor, against an external Kafka. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Run only the stream processor (Kafka Streams, exactly once) against the Kafka given by PROMO_*",
            "environment variables or a properties file (see `promo config process`). Serves the live aggregates,",
            "/health, /ready and /metrics on processor.http.port. Ctrl-C or SIGTERM stops it cleanly."})
final class ProcessCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProcessCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    @Option(names = "--reset", description = {"Re-derive everything from the beginning of the change topics: delete this",
        "application's consumer offsets, internal topics and local state first (every instance must be stopped).",
        "Derived topics are kept; the same events come again with the same event ids."})
    boolean reset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProcessorConfig config = ProcessorConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        Readiness readiness = new Readiness();
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            PrometheusMeterRegistry registry = metrics.registry();
            if (reset) {
                ApplicationReset.Outcome outcome = new ApplicationReset(config).run();
                spec.commandLine().getOut().printf("Reset %s: internal topics deleted %s; re-deriving from the beginning%n",
                        config.applicationId(), outcome.internalTopicsDeleted());
                spec.commandLine().getOut().flush();
            }
            ProcessorService processor = new ProcessorService(config, registry);
            readiness.register("processor", processor::isRunning);
            try (OpsHttpServer http = OpsHttpServer.start(config.httpHost(), config.httpPort(), readiness, registry)) {
                QueryRoutes.register(http, processor);
                Runtime.getRuntime().addShutdownHook(new Thread(processor::close, "processor-shutdown"));
                processor.start(config.applicationServer(http.port()));
                processor.termination().join();
                return 0;
            }
        } catch (ProcessorException e) {
            spec.commandLine().getErr().println("promo: " + e.getMessage());
            return Promo.EXIT_SETUP_PROBLEM;
        } catch (CompletionException e) {
            LOGGER.error("Processor stopped: {}", e.getCause().getMessage());
            return Promo.EXIT_SETUP_PROBLEM;
        }
    }
}
