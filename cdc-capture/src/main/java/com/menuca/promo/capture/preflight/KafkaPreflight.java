package com.menuca.promo.capture.preflight;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.common.retry.Retry;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.catalog.admin.TopicAdminException;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.catalog.admin.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Kafka (retrying with backoff up to the start-up timeout) and makes sure the five change
 * topics exist, as the topic catalogue describes them. Change topics keep every event by default:
 * they are the history analysts replay.
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

    /**
     * Creates the catalogue's change topics that do not exist (its partitions and configs, this
     * capture's replication factor); existing topics are left as an operator set them.
     */
    private void createMissingTopics(Admin admin) {
        List<TopicSpec> changeTopics = TopicSpec.of(Catalog.bundled().group(TopicGroup.CDC));
        try {
            List<String> created = new TopicApplier(admin, Duration.ofSeconds(30))
                    .createMissing(changeTopics, Optional.of(config.replicationFactor()));
            if (!created.isEmpty()) {
                LOGGER.info("Created change topics {} from the topic catalogue", created);
            }
        } catch (TopicAdminException e) {
            throw new CaptureException("Could not create change topics " + changeTopics.stream().map(TopicSpec::name).toList()
                    + " on " + config.kafkaBootstrapServers() + ": " + e.getMessage()
                    + ". Fix: create them with `promo topics apply` or grant this client CREATE on the cluster.", e);
        }
    }
}
