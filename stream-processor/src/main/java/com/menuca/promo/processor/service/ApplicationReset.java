package com.menuca.promo.processor.service;

import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.ProcessorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code promo process --reset}: forget everything derived so the next start re-derives it all from
 * the beginning of the change topics. Kafka Streams' application reset, done in-process: the
 * consumer group's committed offsets, the internal changelog and repartition topics, and this
 * instance's local state are deleted. The derived topics are kept: the re-derivation appends the
 * same events with the same event ids (consumers de-duplicate by them) and the compacted topics
 * converge to the same latest values.
 *
 * <p>Every instance must be stopped first (checked: the group must have no members), and every other
 * instance's state directory must be wiped too (each instance resets its own with this command).
 */
public final class ApplicationReset {
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplicationReset.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MEMBERS_GRACE = Duration.ofSeconds(60);

    private final ProcessorConfig config;

    public ApplicationReset(ProcessorConfig config) {
        this.config = config;
    }

    /** What the reset deleted. */
    public record Outcome(boolean groupDeleted, List<String> internalTopicsDeleted, boolean localStateDeleted) {
    }

    public Outcome run() throws Exception {
        String group = config.applicationId();
        try (Admin admin = KafkaPreflight.admin(config.kafka(), group + "-reset", Duration.ofSeconds(10))) {
            requireNoMembers(admin, group);
            boolean groupDeleted = deleteGroup(admin, group);
            List<String> topics = internalTopics(admin, group);
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                awaitGone(admin, topics);
            }
            boolean stateDeleted = deleteLocalState();
            LOGGER.info("Reset of {}: consumer group {}, internal topics deleted {}, local state {}", group,
                    groupDeleted ? "deleted" : "absent", topics, stateDeleted ? "deleted" : "absent");
            return new Outcome(groupDeleted, topics, stateDeleted);
        }
    }

    /**
     * A stopped instance leaves the group; one that crashed stays a member until its session times out
     * (session.timeout.ms, 45 s by default), so members get that long to go before the reset gives up.
     */
    private static void requireNoMembers(Admin admin, String group) throws Exception {
        Instant deadline = Instant.now().plus(MEMBERS_GRACE);
        List<String> members = members(admin, group);
        if (!members.isEmpty()) {
            LOGGER.info("Waiting up to {} s for {} member(s) of {} to leave: {}", MEMBERS_GRACE.toSeconds(), members.size(),
                    group, members);
        }
        while (!members.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new ProcessorException("Cannot reset " + group + ": " + members.size() + " processor instance(s) are "
                        + "running: " + members + ". Fix: stop every instance of processor.application.id=" + group
                        + " first, then reset.");
            }
            Thread.sleep(1_000);
            members = members(admin, group);
        }
    }

    private static List<String> members(Admin admin, String group) throws Exception {
        try {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ConsumerGroupDescription description = groups.get(group);
            return description == null ? List.of()
                    : description.members().stream().map(m -> m.host() + " (" + m.clientId() + ")").toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private static boolean deleteGroup(Admin admin, String group) throws Exception {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new ProcessorException("Cannot reset " + group + ": an instance joined while resetting. Stop every "
                        + "instance, then reset again.", e.getCause());
            }
            throw e;
        }
    }

    /** Kafka Streams names its internal topics {@code <application.id>-<name>-changelog|-repartition}. */
    private static List<String> internalTopics(Admin admin, String group) throws Exception {
        Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return names.stream().filter(n -> n.startsWith(group + "-")
                && (n.endsWith("-changelog") || n.endsWith("-repartition"))).sorted().toList();
    }

    private static void awaitGone(Admin admin, List<String> topics) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            Set<String> left = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<String> remaining = topics.stream().filter(left::contains).toList();
            if (remaining.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ProcessorException("Internal topics " + remaining + " were not deleted within "
                        + TIMEOUT.toSeconds() + " s; is delete.topic.enable false on the cluster?");
            }
            Thread.sleep(200);
        }
    }

    private boolean deleteLocalState() {
        Path state = config.stateDir().resolve(config.applicationId());
        if (!Files.exists(state)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(state)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local state in " + state + ": " + e.getMessage(), e);
        }
        return true;
    }
}
