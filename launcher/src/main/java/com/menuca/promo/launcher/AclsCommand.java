package com.menuca.promo.launcher;

import com.menuca.promo.bridge.service.BridgeAcls;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.preflight.CaptureAcls;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.gateway.feed.GatewayAcls;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorAcls;
import com.menuca.promo.catalog.Catalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promo acls SERVICE}: the Kafka ACLs a service or tool needs, as {@code kafka-acls.sh}
 * commands an administrator runs once per principal. Names that depend on settings (the capture's
 * offsets topic, the processor's application id) come from the same settings the service reads.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Print the kafka-acls commands that grant a principal exactly what a service needs on a cluster",
            "with an authorizer (docs/kafka-security.md): capture, process, gateway, notify-bridge, topics, replay or status."})
final class AclsCommand implements Callable<Integer> {
    /** Every service and tool with ACLs, in the order the docs list them. */
    static final List<String> SERVICES = List.of("capture", "process", "gateway", "notify-bridge", "topics", "replay",
            "status");

    @Parameters(paramLabel = "SERVICE", description = "capture, process, gateway, notify-bridge, topics, replay or status")
    String service;

    @Option(names = "--principal", paramLabel = "PRINCIPAL",
            description = "The service's principal, as the brokers name it (default User:promo-<service>).")
    String principal;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "broker:9093",
            description = "Brokers the commands connect to (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The service's properties file, for the names it configures (default: $PROMO_CONFIG).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RequiredAcls acls = of(service, ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        String who = principal != null ? principal : "User:promo-" + service;
        spec.commandLine().getOut().print(acls.kafkaAclsCommands(who, bootstrap));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The ACLs of {@code service} with the names {@code source} configures. */
    static RequiredAcls of(String service, ConfigSource source) {
        return switch (service) {
            case "capture" -> CaptureAcls.of(CaptureConfig.load(source));
            // only the application id names anything: the rest of the processor's settings (its query token) need not be set
            case "process" -> ProcessorAcls.of(ResolvedSettings.resolve("process", List.of(ProcessorConfig.APPLICATION_ID), source)
                    .get(ProcessorConfig.APPLICATION_ID));
            case "gateway" -> GatewayAcls.of();
            case "notify-bridge" -> BridgeAcls.of();
            case "topics" -> ToolAcls.topics(Catalog.bundled());
            case "replay" -> ToolAcls.replay(Catalog.bundled());
            case "status" -> ToolAcls.status();
            default -> throw new IllegalArgumentException("unknown service '" + service + "'; expected one of "
                    + String.join(", ", SERVICES));
        };
    }
}
