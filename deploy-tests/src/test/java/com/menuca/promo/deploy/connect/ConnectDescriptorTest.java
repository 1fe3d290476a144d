package com.menuca.promo.deploy.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CapturedTables;
import com.menuca.promo.capture.engine.DebeziumProperties;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Connect connector descriptor says what the embedded capture does: every Debezium setting that
 * shapes the topic contract has the embedded engine's value, endpoints and secrets come from the
 * same {@code PROMO_*} variables {@code promo capture} reads, topics are created as the catalogue
 * says, and the heartbeat (a logical decoding message) never reaches a topic.
 */
class ConnectDescriptorTest {
    /** Engine-only settings: how the embedded engine batches and stores offsets (Connect's worker does that). */
    private static final Set<String> ENGINE_ONLY = Set.of("name", "poll.interval.ms", "max.batch.size", "max.queue.size",
            "record.processing.threads", "offset.storage", "offset.storage.topic", "offset.storage.partitions",
            "offset.storage.replication.factor", "offset.flush.interval.ms", "offset.flush.timeout.ms", "bootstrap.servers");
    /** Debezium setting -> the capture setting whose environment variable supplies it on Connect. */
    private static final Map<String, Setting<?>> FROM_ENVIRONMENT = Map.of(
            "database.hostname", PostgresSettings.HOST,
            "database.port", PostgresSettings.PORT,
            "database.dbname", PostgresSettings.DATABASE,
            "database.user", PostgresSettings.USER,
            "database.password", PostgresSettings.PASSWORD,
            "slot.name", CaptureConfig.SLOT_NAME,
            "publication.name", CaptureConfig.PUBLICATION_NAME);

    private static ConnectDescriptor descriptor;
    private static Properties embedded;

    @BeforeAll
    static void load() throws Exception {
        descriptor = ConnectDescriptor.load();
        embedded = DebeziumProperties.of(CaptureConfig.load(ConfigSource.of(Map.of())));
    }

    @Test
    void shouldGiveEveryContractSettingTheEmbeddedCapturesValue() {
        Map<String, String> connector = descriptor.connectorConfig();
        for (String key : embedded.stringPropertyNames()) {
            if (ENGINE_ONLY.contains(key) || FROM_ENVIRONMENT.containsKey(key) || key.equals("transforms")) {
                continue;
            }
            assertThat(connector).as("connector setting %s (embedded capture: %s)", key, embedded.getProperty(key))
                    .containsEntry(key, embedded.getProperty(key));
        }
        // The embedded capture's transforms (commit time as record time) run last, after the connector's own filter.
        List<String> connectorTransforms = List.of(connector.get("transforms").split(","));
        List<String> embeddedTransforms = List.of(embedded.getProperty("transforms").split(","));
        assertThat(connectorTransforms.subList(connectorTransforms.size() - embeddedTransforms.size(),
                connectorTransforms.size())).as("the embedded capture's transforms, last").isEqualTo(embeddedTransforms);
        assertThat(connector).containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    }

    @Test
    void shouldReadEndpointsAndSecretsFromTheVariablesThePromoCaptureReads() {
        FROM_ENVIRONMENT.forEach((key, setting) -> assertThat(descriptor.connectorConfig())
                .as("connector setting %s", key).containsEntry(key, ConnectDescriptor.envReference(setting.envVar())));
        Set<String> captureVariables = CaptureConfig.SETTINGS.stream().map(Setting::envVar).collect(Collectors.toSet());
        assertThat(descriptor.environmentReferences()).as("every ${env:...} is a documented capture variable")
                .isNotEmpty().isSubsetOf(captureVariables);
        assertThat(descriptor.workerConfig()).containsEntry("bootstrap.servers",
                ConnectDescriptor.envReference(KafkaSettings.BOOTSTRAP_SERVERS.envVar()));
        assertThat(descriptor.workerConfig()).containsEntry("config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    }

    @Test
    void shouldCreateMissingTopicsAsTheCatalogueSaysWithTheClustersReplicationFactor() {
        Map<String, String> connector = descriptor.connectorConfig();
        for (CatalogTopic topic : Catalog.bundled().group(TopicGroup.CDC)) {
            assertThat(connector).as("partitions of %s", topic.name())
                    .containsEntry("topic.creation.default.partitions", String.valueOf(topic.partitions()));
            topic.config().forEach((key, value) -> assertThat(connector).as("%s of %s", key, topic.name())
                    .containsEntry("topic.creation.default." + key, String.valueOf(value)));
        }
        assertThat(connector).containsEntry("topic.creation.default.replication.factor", "-1");
        assertThat(descriptor.workerConfig()).containsEntry("topic.creation.enable", "true");
    }

    @Test
    void shouldBeatWithALogicalMessageThatReachesNoTopic() {
        Map<String, String> connector = descriptor.connectorConfig();
        assertThat(connector).containsEntry("heartbeat.action.query", CapturedTables.heartbeatQuery())
                .containsEntry("message.prefix.exclude.list", CapturedTables.HEARTBEAT_MESSAGE_PREFIX)
                .doesNotContainKey("transforms.dropHeartbeatTable.type");
        assertThat(connector.get("transforms")).doesNotContain("dropHeartbeatTable");
        assertThat(connector.get("table.include.list").split(",")).containsExactlyElementsOf(CapturedTables.published());
    }

    @Test
    void shouldKeepDebeziumsHeartbeatTopicSmallAndOutsideTheCatalogue() {
        Map<String, String> connector = descriptor.connectorConfig();
        String heartbeatTopic = "__debezium-heartbeat." + CdcTable.TOPIC_PREFIX;
        assertThat(Pattern.compile(connector.get("topic.creation.heartbeat.include")).matcher(heartbeatTopic).matches()).isTrue();
        assertThat(connector).containsEntry("topic.creation.groups", "heartbeat")
                .containsEntry("topic.creation.heartbeat.partitions", "1")
                .containsEntry("topic.creation.heartbeat.cleanup.policy", "compact");
        assertThat(Catalog.bundled().owns(heartbeatTopic)).isFalse();
    }
}
