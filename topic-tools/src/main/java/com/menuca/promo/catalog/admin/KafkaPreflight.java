package com.menuca.promo.catalog.admin;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.common.retry.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of every service that uses Kafka: waits for the cluster (retrying with backoff up
 * to the start-up timeout while it is unreachable), creates the catalogue topics the service needs that
 * do not exist yet, and makes sure the service's principal may do what it must on them. Anything a
 * person must fix (credentials, TLS trust, ACLs, a missing topic the principal may not create) ends
 * the check at once with a {@link KafkaSetupException} that says what to do, never a retry loop.
 */
public final class KafkaPreflight {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaPreflight.class);
    private static final Pattern SASL_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConnection kafka;
    private final String who;
    private final String clientId;
    private final Duration startupTimeout;

    /**
     * @param who      the service, for messages ("the capture")
     * @param clientId the admin client's id
     */
    public KafkaPreflight(KafkaConnection kafka, String who, String clientId, Duration startupTimeout) {
        this.kafka = kafka;
        this.who = who;
        this.clientId = clientId;
        this.startupTimeout = startupTimeout;
    }

    /**
     * An admin client with {@code kafka}'s settings whose calls give up after {@code timeout}.
     *
     * @throws KafkaSetupException when the client settings are invalid (a malformed JAAS entry, a missing trust store)
     */
    public static Admin admin(KafkaConnection kafka, String clientId, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> own = Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try {
            return Admin.create(kafka.clientProperties(clientId, own));
        } catch (KafkaException e) {
            throw new KafkaSetupException("Cannot make a Kafka client (" + clientId + ") from the kafka.* settings: "
                    + rootMessage(e) + ". Fix the setting it names.", e);
        }
    }

    /**
     * Waits for Kafka, creates the missing {@code topics} and checks the principal may do what
     * {@code acls} lists on literally named topics.
     *
     * @param replicationFactor of created topics; empty for the cluster's default
     * @throws KafkaSetupException when a person must fix something
     */
    public void check(List<TopicSpec> topics, Optional<Short> replicationFactor, RequiredAcls acls) throws Exception {
        try (Admin admin = admin(kafka, clientId, Duration.ofSeconds(10))) {
            try {
                Retry.of("reach Kafka at " + kafka.describe(), startupTimeout)
                        .retryingOnly(e -> !KafkaErrors.isPermanent(e))
                        .call(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw KafkaErrors.explain(e, who, kafka).orElseThrow(() -> e);
            }
            createMissing(admin, topics, replicationFactor, acls);
            checkTopicAccess(admin, acls);
        }
    }

    /** A topic this principal cannot see counts as missing here; creating it then fails as existing, and is left alone. */
    private void createMissing(Admin admin, List<TopicSpec> topics, Optional<Short> replicationFactor, RequiredAcls acls) {
        try {
            List<String> created = new TopicApplier(admin, TOPIC_TIMEOUT).createMissing(topics, replicationFactor);
            if (!created.isEmpty()) {
                LOGGER.info("Created topics {} from the topic catalogue", created);
            }
        } catch (TopicAdminException e) {
            if (KafkaErrors.isPermanent(e)) {
                throw new KafkaSetupException("Not every topic of " + topics.stream().map(TopicSpec::name).toList()
                        + " is visible to " + who + " (" + principal() + ") on " + kafka.describe() + ", and it may not "
                        + "create them (" + e.getMessage() + "): they are missing, or it lacks ACLs on them. Fix: grant it "
                        + "the ACLs `promo acls " + acls.service() + "` prints (" + KafkaErrors.ACL_DOCS + "), and create "
                        + "missing topics with `promo topics apply` as an administrator.", e);
            }
            throw new KafkaSetupException("Could not create " + who + "'s topics on " + kafka.describe() + ": "
                    + e.getMessage() + ". Fix: create them with `promo topics apply`.", e);
        }
    }

    /** Fails with every missing operation at once, each as the kafka-acls command that grants it. */
    private void checkTopicAccess(Admin admin, RequiredAcls acls) throws Exception {
        Map<String, Set<AclOperation>> needed = acls.literalTopicOperations();
        if (needed.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        Map<String, TopicDescription> described;
        try {
            // a topic created a moment ago may not be in every broker's metadata yet: that passes
            described = Retry.of("describe " + needed.keySet() + " on " + kafka.describe(), TOPIC_TIMEOUT)
                    .retryingOnly(e -> e instanceof ExecutionException && e.getCause() instanceof UnknownTopicOrPartitionException)
                    .withDelays(Duration.ofMillis(50), Duration.ofSeconds(1))
                    .call(() -> admin.describeTopics(needed.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                            .allTopicNames().get(TOPIC_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException denied) {
                throw new KafkaSetupException(who + " (" + principal() + ") may not describe topic(s) "
                        + denied.unauthorizedTopics() + " on " + kafka.describe() + ". Fix: grant it the ACLs "
                        + KafkaErrors.ACL_DOCS + " lists for it (`promo acls " + acls.service() + "`).", e);
            }
            throw KafkaErrors.explain(e, who, kafka).orElseThrow(() -> e);
        }
        needed.forEach((topic, operations) -> {
            Set<AclOperation> allowed = described.get(topic).authorizedOperations();
            if (allowed == null) {
                return; // the cluster does not report authorized operations (no authorizer): nothing to check
            }
            Set<AclOperation> lacking = EnumSet.copyOf(operations);
            lacking.removeAll(allowed);
            if (!lacking.isEmpty()) {
                missing.add(AclGrant.topic(topic, "", lacking.toArray(AclOperation[]::new)).kafkaAclsArguments(principal()));
            }
        });
        if (!missing.isEmpty()) {
            throw new KafkaSetupException(who + " (" + principal() + ") lacks ACLs on " + kafka.describe() + ": "
                    + String.join("; ", missing) + ". Fix: grant them with kafka-acls (`promo acls " + acls.service()
                    + "` prints every ACL it needs; " + KafkaErrors.ACL_DOCS + ").");
        }
    }

    /** The SASL user of these settings as a principal, or a description when it cannot be read from them. */
    private String principal() {
        String jaas = kafka.properties().get("sasl.jaas.config");
        if (jaas != null) {
            Matcher m = SASL_USER.matcher(jaas);
            if (m.find()) {
                return "User:" + m.group(1);
            }
        }
        return "its principal";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
