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
 * A service as the descriptors must deploy it: the {@code promo} command that runs it, its config
 * table, the settings of its ops endpoint (health, readiness, metrics: what probes and Prometheus
 * use) and of the port clients use, if any.
 */
enum DeployedService {
    CAPTURE("capture", "capture", CaptureConfig.SETTINGS, CaptureConfig.HTTP_HOST, CaptureConfig.HTTP_PORT, "ops", null),
    /** One port for its queries and its ops endpoints, inside the cluster only. */
    PROCESSOR("processor", "process", ProcessorConfig.SETTINGS, ProcessorConfig.HTTP_HOST, ProcessorConfig.HTTP_PORT, "http", null),
    /** Its ops endpoints on a port of their own, apart from the clients' port. */
    GATEWAY("gateway", "gateway", GatewayConfig.SETTINGS, GatewayConfig.OPS_HOST, GatewayConfig.OPS_PORT, "ops", GatewayConfig.PORT);

    private final String name;
    private final String command;
    private final List<Setting<?>> settings;
    private final Setting<String> opsHost;
    private final Setting<Integer> opsPort;
    private final String opsPortName;
    private final Setting<Integer> clientPort;

    DeployedService(String name, String command, List<Setting<?>> settings, Setting<String> opsHost,
                    Setting<Integer> opsPort, String opsPortName, Setting<Integer> clientPort) {
        this.name = name;
        this.command = command;
        this.settings = settings;
        this.opsHost = opsHost;
        this.opsPort = opsPort;
        this.opsPortName = opsPortName;
        this.clientPort = clientPort;
    }

    String serviceName() {
        return name;
    }

    String command() {
        return command;
    }

    Setting<String> opsHost() {
        return opsHost;
    }

    Setting<Integer> opsPort() {
        return opsPort;
    }

    /** The name of the container port probes and Prometheus use. */
    String opsPortName() {
        return opsPortName;
    }

    /** The port browsers and apps connect to, for a service that has one. */
    Optional<Setting<Integer>> clientPort() {
        return Optional.ofNullable(clientPort);
    }

    /** Every environment variable the service reads. */
    Set<String> environmentVariables() {
        return settings.stream().map(Setting::envVar).collect(Collectors.toSet());
    }

    /** Settings a person must protect (passwords, signing secrets). */
    Set<String> secretVariables() {
        return settings.stream().filter(Setting::isSecret).map(Setting::envVar).collect(Collectors.toSet());
    }
}
