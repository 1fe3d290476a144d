package com.menuca.promo.common.kafka;

import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The Kafka connection settings every service and tool shares: the brokers, and any Kafka client
 * property (security above all) passed through to every Kafka client the process makes, so a
 * cluster that needs SASL_SSL, mTLS or OAuth is configured once, the same way for all of them.
 *
 * <p>{@code kafka.security.protocol=SASL_SSL} in the config file, or
 * {@code PROMO_KAFKA_SECURITY_PROTOCOL=SASL_SSL} in the environment, reaches the capture's producer and
 * offset store, the processor's Kafka Streams, the gateway's consumers and the tools' admin clients.
 * A secret may come from a file: {@code PROMO_KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}.
 */
public final class KafkaSettings {
    /**
     * Properties promo sets itself, because its guarantees rest on them: no loss (acks, idempotence),
     * exactly-once and committed reads (transactional ids, isolation), no accidental topics, and one
     * client id per client so broker logs and quotas tell them apart.
     */
    static final Set<String> RESERVED = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, CommonClientConfigs.CLIENT_ID_CONFIG);

    /** Every property a Kafka producer, consumer or admin client knows. */
    private static final Set<String> CLIENT_PROPERTIES = clientPropertyNames();

    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:,\\[\\]]+):(\\d{1,5})");

    /** {@code host:port[,host:port...]}, checked so a typo is reported at start, not as a client's retry loop. */
    static final ValueParser<String> BOOTSTRAP_PARSER = text -> {
        List<String> addresses = ValueParser.LIST.parse(text);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("expected host:port[,host:port...]");
        }
        for (String address : addresses) {
            Matcher m = ADDRESS.matcher(address);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
                throw new IllegalArgumentException("'" + address + "' is not host:port (expected host:port[,host:port...])");
            }
        }
        return String.join(",", addresses);
    };

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("kafka.bootstrap.servers", BOOTSTRAP_PARSER,
            "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...].");

    public static final Setting<Map<String, String>> CLIENT = Setting.passThrough("kafka.", KafkaSettings::refusal,
            "Any other Kafka client property, given to every Kafka client of this process: kafka.security.protocol, "
                    + "kafka.sasl.mechanism, kafka.sasl.jaas.config, kafka.ssl.truststore.location ... "
                    + "(PROMO_KAFKA_SASL_JAAS_CONFIG sets kafka.sasl.jaas.config; PROMO_KAFKA_SASL_JAAS_CONFIG_FILE reads it "
                    + "from a file). See docs/kafka-security.md.");

    /** The settings to list in a service's settings, in this order. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, CLIENT);

    private KafkaSettings() {
    }

    /** The connection, from settings resolved with {@link #SETTINGS} among them. */
    public static KafkaConnection from(ResolvedSettings settings) {
        return new KafkaConnection(settings.get(BOOTSTRAP_SERVERS), settings.get(CLIENT));
    }

    /** Why {@code name} may not be passed through, or empty when it may. */
    static Optional<String> refusal(String name) {
        if (RESERVED.contains(name)) {
            return Optional.of("promo sets " + name + " itself (its delivery and exactly-once guarantees rest on it)");
        }
        // Config providers (${file:/path:key} references) take parameters under their own names.
        if (!CLIENT_PROPERTIES.contains(name) && !name.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".")) {
            return Optional.of(name + " is not a property of Kafka's producer, consumer or admin client "
                    + "(see https://kafka.apache.org/documentation/#configuration)");
        }
        return Optional.empty();
    }

    private static Set<String> clientPropertyNames() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.add(AbstractConfig.CONFIG_PROVIDERS_CONFIG);
        return Set.copyOf(names);
    }
}
