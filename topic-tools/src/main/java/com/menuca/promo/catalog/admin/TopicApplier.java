package com.menuca.promo.catalog.admin;

import com.menuca.promo.catalog.Catalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster match topic specs: creates missing topics, raises partition counts, sets configs.
 * Never deletes a topic, never lowers partitions, never touches configs the specs do not name: those
 * stay drift for a person to decide. Safe to run concurrently with others creating the same topics.
 */
public final class TopicApplier {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicApplier.class);

    private static final Duration SETTLE_POLL = Duration.ofMillis(200);

    private final Admin admin;
    private final TopicInspector inspector;
    private final Duration timeout;

    public TopicApplier(Admin admin, Duration timeout) {
        this.admin = admin;
        this.inspector = new TopicInspector(admin, timeout);
        this.timeout = timeout;
    }

    /**
     * What an apply did, and the drift it could not fix.
     *
     * @param actions   one line per change made, in order
     * @param remaining drift left: what apply cannot fix (too many partitions, topics not in the catalogue),
     *                  or a change the cluster had not taken on within the timeout
     */
    public record Result(List<String> actions, List<TopicDrift> remaining) {
    }

    /**
     * Applies the specs: the full reconciliation of {@code promo topics apply} and {@code promo dev}.
     *
     * @param replicationFactor of created topics; empty for the cluster's default.replication.factor
     */
    public Result apply(List<TopicSpec> specs, Predicate<String> owned, Optional<Short> replicationFactor) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        List<String> actions = new ArrayList<>();
        List<TopicDrift> drift = inspector.inspect(specs, owned);
        List<TopicSpec> missing = drift.stream().filter(d -> d.kind() == TopicDrift.Kind.MISSING)
                .map(d -> byName.get(d.topic())).toList();
        create(missing, replicationFactor).forEach(name -> actions.add("created " + name));

        Map<String, NewPartitions> raise = new LinkedHashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
        for (TopicDrift d : drift) {
            TopicSpec spec = byName.get(d.topic());
            if (d.kind() == TopicDrift.Kind.TOO_FEW_PARTITIONS) {
                raise.put(d.topic(), NewPartitions.increaseTo(spec.partitions()));
                actions.add("raised " + d.topic() + " to " + spec.partitions() + " partitions (" + d.detail() + ")");
            } else if (d.kind() == TopicDrift.Kind.CONFIG_DIFFERS) {
                String key = d.config();
                alter.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, d.topic()), r -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(key, spec.config().get(key)), AlterConfigOp.OpType.SET));
                actions.add("set " + d.topic() + " " + key + "=" + spec.config().get(key) + " (" + d.detail() + ")");
            }
        }
        if (!raise.isEmpty()) {
            inspector.await("raise partitions of " + raise.keySet(), admin.createPartitions(raise).all());
        }
        if (!alter.isEmpty()) {
            inspector.await("set configs of " + alter.keySet(), admin.incrementalAlterConfigs(alter).all());
        }
        return new Result(actions, settled(specs, owned, !actions.isEmpty()));
    }

    /**
     * The drift after changes: brokers apply new partitions and configs shortly after the controller
     * accepts them, so look again until what was fixed shows as fixed (or the timeout passes).
     */
    private List<TopicDrift> settled(List<TopicSpec> specs, Predicate<String> owned, boolean changed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicDrift> drift = inspector.inspect(specs, owned);
        while (changed && drift.stream().anyMatch(d -> d.kind().fixable()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(SETTLE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            drift = inspector.inspect(specs, owned);
        }
        return drift;
    }

    /**
     * Creates the topics that do not exist yet and leaves existing ones alone (the capture's start-up:
     * an operator's change to an existing topic is respected).
     *
     * @return the names created
     */
    public List<String> createMissing(List<TopicSpec> specs, Optional<Short> replicationFactor) {
        // Only the topic list: a service's principal needs no DescribeConfigs to start.
        java.util.Set<String> existing = inspector.await("list topics", admin.listTopics().names());
        return create(specs.stream().filter(spec -> !existing.contains(spec.name())).toList(), replicationFactor);
    }

    private List<String> create(List<TopicSpec> missing, Optional<Short> replicationFactor) {
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        List<NewTopic> topics = missing.stream().map(spec -> new NewTopic(spec.name(), Optional.of(spec.partitions()),
                replicationFactor).configs(new HashMap<>(spec.config()))).toList();
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                inspector.await("create topic " + name, future);
                created.add(name);
            } catch (TopicAdminException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                LOGGER.debug("Topic {} was created concurrently", name);
            }
        });
        return created;
    }

    /** An admin client whose calls give up after {@code timeout}, so an unreachable cluster is reported promptly. */
    public static Admin connect(String bootstrapServers, String clientId, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(props);
    }

    /** Applies the whole catalogue with the cluster's default replication factor, logging what changed. */
    public static Result applyCatalogue(String bootstrapServers, Catalog catalog) {
        Duration timeout = Duration.ofSeconds(30);
        try (Admin admin = connect(bootstrapServers, "promo-topics", timeout)) {
            Result result = new TopicApplier(admin, timeout)
                    .apply(TopicSpec.all(catalog), catalog::owns, Optional.empty());
            result.actions().forEach(action -> LOGGER.info("Topic catalogue: {}", action));
            result.remaining().forEach(drift -> LOGGER.warn("Topic catalogue drift: {} (see promo topics check)", drift));
            return result;
        }
    }
}
