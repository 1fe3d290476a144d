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

    /**
     * Whether the service reads {@code variable}: one of its settings' variables, or a name its pass-through
     * families accept ({@code PROMO_KAFKA_SECURITY_PROTOCOL}: a Kafka client property promo lets through).
     */
    boolean reads(String variable) {
        return reads(settings, variable);
    }

    /** Whether a process with {@code settings} reads {@code variable} (see {@link #reads(String)}). */
    static boolean reads(List<Setting<?>> settings, String variable) {
        for (Setting<?> setting : settings) {
            if (!setting.isPassThrough()) {
                if (setting.envVar().equals(variable)) {
                    return true;
                }
                continue;
            }
            String prefix = Setting.envVarOf(setting.prefix());
            if (variable.startsWith(prefix)) {
                String name = passThroughName(setting, variable);
                if (setting.accepts(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The property a family's variable sets, as ConfigSource reads it ({@code _FILE}: the value from a file). */
    static String passThroughName(Setting<?> family, String variable) {
        String name = variable.substring(Setting.envVarOf(family.prefix()).length()).toLowerCase(java.util.Locale.ROOT)
                .replace('_', '.');
        return name.endsWith(".file") && !family.accepts(name) ? name.substring(0, name.length() - ".file".length()) : name;
    }

    /**
     * Whether {@code variable} holds a secret: a setting declared secret, or a Kafka client property Kafka
     * itself types as a password ({@code sasl.jaas.config}, {@code ssl.keystore.password}, ...).
     */
    boolean holdsSecret(String variable) {
        for (Setting<?> setting : settings) {
            if (!setting.isPassThrough()) {
                if (setting.isSecret() && setting.envVar().equals(variable)) {
                    return true;
                }
            } else if (variable.startsWith(Setting.envVarOf(setting.prefix()))) {
                String name = passThroughName(setting, variable);
                if (KAFKA_PASSWORDS.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Kafka client properties of type PASSWORD, from the clients' own definitions. */
    private static final Set<String> KAFKA_PASSWORDS = java.util.stream.Stream.of(
                    org.apache.kafka.clients.producer.ProducerConfig.configDef(),
                    org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
                    org.apache.kafka.clients.admin.AdminClientConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(key -> key.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD)
            .map(key -> key.name).collect(Collectors.toUnmodifiableSet());
}
