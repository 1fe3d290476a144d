package com.menuca.promo.processor.service;

import com.menuca.promo.common.retry.Retry;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.ProcessorException;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.catalog.admin.TopicAdminException;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.catalog.admin.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Kafka (retrying with backoff up to the start-up timeout) and creates the topics the
 * processor reads and writes that do not exist yet, as the topic catalogue describes them: the
 * change topics (so the processor may start before the capture) and the derived topics.
 */
final class KafkaPreflight {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaPreflight.class);

    private final ProcessorConfig config;

    KafkaPreflight(ProcessorConfig config) {
        this.config = config;
    }

    static Admin admin(ProcessorConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-admin");
        return Admin.create(props);
    }

    void check() throws Exception {
        try (Admin admin = admin(config)) {
            Retry.of("reach Kafka at " + config.kafkaBootstrapServers(), config.startupTimeout())
                    .call(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
            List<CatalogTopic> topics = new ArrayList<>(Catalog.bundled().group(TopicGroup.CDC));
            topics.addAll(Catalog.bundled().group(TopicGroup.DERIVED));
            List<TopicSpec> specs = TopicSpec.of(topics);
            try {
                List<String> created = new TopicApplier(admin, Duration.ofSeconds(30))
                        .createMissing(specs, Optional.of(config.replicationFactor()));
                if (!created.isEmpty()) {
                    LOGGER.info("Created topics {} from the topic catalogue", created);
                }
            } catch (TopicAdminException e) {
                throw new ProcessorException("Could not create the processor's topics on " + config.kafkaBootstrapServers()
                        + ": " + e.getMessage() + ". Fix: create them with `promo topics apply` or grant this client "
                        + "CREATE on the cluster.", e);
            }
        }
    }
}
