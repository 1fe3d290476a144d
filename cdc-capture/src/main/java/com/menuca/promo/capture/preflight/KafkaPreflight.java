package com.menuca.promo.capture.preflight;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.common.retry.Retry;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Kafka (retrying with backoff up to the start-up timeout) and makes sure the five change
 * topics exist. Change topics keep every event by default: they are the history analysts replay.
 */
public final class KafkaPreflight {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaPreflight.class);

    private final CaptureConfig config;

    public KafkaPreflight(CaptureConfig config) {
        this.config = config;
    }

    public void check() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "promo-capture-preflight");
        try (Admin admin = Admin.create(props)) {
            Retry.of("reach Kafka at " + config.kafkaBootstrapServers(), config.startupTimeout())
                    .call(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
            createMissingTopics(admin);
        }
    }

    private void createMissingTopics(Admin admin) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (CdcTable table : CdcTable.values()) {
            if (!existing.contains(table.topic().name())) {
                missing.add(new NewTopic(table.topic().name(), config.topicPartitions(), config.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG, "-1")));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            LOGGER.info("Created change topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new CaptureException("Could not create change topics " + missing.stream().map(NewTopic::name).toList()
                        + " on " + config.kafkaBootstrapServers() + ": " + e.getCause().getMessage()
                        + ". Fix: create them (see the topic catalogue) or grant this client CREATE on the cluster.", e);
            }
        }
    }
}
