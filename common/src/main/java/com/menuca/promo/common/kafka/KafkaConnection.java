package com.menuca.promo.common.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How this process reaches Kafka: the brokers and the client properties passed through from the
 * settings (security and anything else the operator set). Every Kafka client of every service and
 * tool is configured through {@link #clientProperties}, so none can miss the security settings.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param properties       Kafka client properties by their Kafka name ({@code security.protocol}); never
 *                         one of promo's own (see {@link KafkaSettings})
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

    public KafkaConnection {
        properties = Map.copyOf(properties);
    }

    /** A plain connection with no client properties: an unsecured cluster such as {@code promo dev}'s. */
    public static KafkaConnection plain(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * The properties of one client: {@code own} (what the service needs), then the operator's properties,
     * then the brokers and the client id. The operator may retune what a service only defaults
     * ({@code linger.ms}), never what it relies on (those keys are refused when settings are read).
     */
    public Map<String, Object> clientProperties(String clientId, Map<String, ?> own) {
        Map<String, Object> merged = new HashMap<>(own);
        merged.putAll(properties);
        merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        merged.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return merged;
    }

    /**
     * The operator's properties and the brokers, without a client id: for a framework that makes several
     * clients from one configuration and names them itself (Kafka Streams, Kafka Connect's offset store).
     */
    public Map<String, Object> sharedProperties() {
        Map<String, Object> shared = new HashMap<>(properties);
        shared.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return shared;
    }

    /** {@link #clientProperties} as {@link Properties}, for APIs that take them. */
    public Properties clientProperties(String clientId, Properties own) {
        Map<String, Object> ownMap = new HashMap<>();
        own.forEach((key, value) -> ownMap.put(String.valueOf(key), value));
        Properties result = new Properties();
        result.putAll(clientProperties(clientId, ownMap));
        return result;
    }

    /** The security protocol clients use ({@code PLAINTEXT} unless configured). */
    public String securityProtocol() {
        return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    }

    /** For messages: the brokers and, when not plaintext, the protocol and SASL mechanism. Never a secret. */
    public String describe() {
        String protocol = securityProtocol();
        if (CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL.equals(protocol)) {
            return bootstrapServers;
        }
        String mechanism = properties.getOrDefault("sasl.mechanism", "GSSAPI");
        return bootstrapServers + " (" + protocol + (protocol.startsWith("SASL") ? " " + mechanism : "") + ")";
    }

    /** Shows the property names, never their values: they hold passwords. */
    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + ", properties " + new TreeMap<>(properties).keySet() + "]";
    }
}
