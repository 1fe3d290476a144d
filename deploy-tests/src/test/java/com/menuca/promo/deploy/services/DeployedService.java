package com.menuca.promo.deploy.services;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.processor.ProcessorConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service as the descriptors must deploy it: the {@code promo} command that runs it and its config
 * table, with the settings of the HTTP endpoint (health, readiness, metrics) that probes use.
 */
enum DeployedService {
    CAPTURE("capture", "capture", CaptureConfig.SETTINGS, CaptureConfig.HTTP_HOST, CaptureConfig.HTTP_PORT),
    PROCESSOR("processor", "process", ProcessorConfig.SETTINGS, ProcessorConfig.HTTP_HOST, ProcessorConfig.HTTP_PORT),
    GATEWAY("gateway", "gateway", GatewayConfig.SETTINGS, GatewayConfig.HOST, GatewayConfig.PORT);

    private final String name;
    private final String command;
    private final List<Setting<?>> settings;
    private final Setting<String> httpHost;
    private final Setting<Integer> httpPort;

    DeployedService(String name, String command, List<Setting<?>> settings, Setting<String> httpHost,
                    Setting<Integer> httpPort) {
        this.name = name;
        this.command = command;
        this.settings = settings;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
    }

    String serviceName() {
        return name;
    }

    String command() {
        return command;
    }

    Setting<String> httpHost() {
        return httpHost;
    }

    Setting<Integer> httpPort() {
        return httpPort;
    }

    /** Every environment variable the service reads. */
    Set<String> environmentVariables() {
        return settings.stream().map(Setting::envVar).collect(Collectors.toSet());
    }

    Optional<Setting<?>> byEnvironmentVariable(String variable) {
        return settings.stream().filter(s -> s.envVar().equals(variable)).findFirst();
    }

    /** Settings a person must protect (passwords, signing secrets). */
    Set<String> secretVariables() {
        return settings.stream().filter(Setting::isSecret).map(Setting::envVar).collect(Collectors.toSet());
    }
}
