package com.menuca.promo.catalog.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/** Compares topic specs with what a cluster has. Reads only. */
public final class TopicInspector {
    private final Admin admin;
    private final Duration timeout;

    public TopicInspector(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * @param specs the topics that should exist
     * @param owned whether a topic name belongs to this system (then it must be among the specs)
     * @return every difference, specs in order, then the unexpected topics by name
     */
    public List<TopicDrift> inspect(List<TopicSpec> specs, Predicate<String> owned) {
        Set<String> existing = await("list topics", admin.listTopics().names());
        refuseInvisible(specs.stream().map(TopicSpec::name).filter(name -> !existing.contains(name)).toList());
        List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
        Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                : await("describe topics", admin.describeTopics(names(present)).allTopicNames());
        Map<ConfigResource, Config> configs = present.isEmpty() ? Map.of() : await("describe topic configs",
                admin.describeConfigs(present.stream().map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                        .toList()).all());
        List<TopicDrift> drift = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                drift.add(new TopicDrift(TopicDrift.Kind.MISSING, spec.name(), "expected " + spec.partitions()
                        + " partitions, " + spec.config()));
                continue;
            }
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < spec.partitions()) {
                drift.add(new TopicDrift(TopicDrift.Kind.TOO_FEW_PARTITIONS, spec.name(),
                        "has " + partitions + ", catalogue says " + spec.partitions()));
            } else if (partitions > spec.partitions()) {
                drift.add(new TopicDrift(TopicDrift.Kind.TOO_MANY_PARTITIONS, spec.name(),
                        "has " + partitions + ", catalogue says " + spec.partitions()));
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.config().forEach((key, expected) -> {
                ConfigEntry entry = actual.get(key);
                String value = entry == null ? null : entry.value();
                if (!sameValue(key, expected, value)) {
                    drift.add(new TopicDrift(TopicDrift.Kind.CONFIG_DIFFERS, spec.name(),
                            key + " is " + value + ", catalogue says " + expected, key));
                }
            });
        }
        Set<String> specified = specs.stream().map(TopicSpec::name).collect(Collectors.toSet());
        new TreeSet<>(existing).stream().filter(owned).filter(name -> !specified.contains(name))
                .forEach(name -> drift.add(new TopicDrift(TopicDrift.Kind.NOT_IN_CATALOGUE, name,
                        "owned by its prefix but not in the topic catalogue")));
        return drift;
    }

    /**
     * A topic the listing leaves out is missing, or hidden from a principal without Describe on it (an
     * authorizer filters the listing). Tell the two apart: reporting hidden topics as missing would send
     * an operator to create topics that exist.
     */
    private void refuseInvisible(List<String> unlisted) {
        if (unlisted.isEmpty()) {
            return;
        }
        Set<String> hidden = new TreeSet<>();
        admin.describeTopics(unlisted).topicNameValues().forEach((name, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    hidden.add(name);
                }
            } catch (TimeoutException e) {
                throw timedOut("describe topics " + unlisted, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicAdminException("interrupted while waiting to describe topics", e);
            }
        });
        if (!hidden.isEmpty()) {
            throw new TopicAdminException("Kafka does not let this principal see topics " + hidden,
                    new TopicAuthorizationException("not authorized to describe the topics", hidden));
        }
    }

    private static boolean sameValue(String key, String expected, String actual) {
        if (actual == null) {
            return false;
        }
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            return policies(expected).equals(policies(actual));
        }
        return expected.trim().equals(actual.trim());
    }

    private static Set<String> policies(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Collection<String> names(List<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).toList();
    }

    private TopicAdminException timedOut(String operation, Throwable cause) {
        return new TopicAdminException("Kafka did not " + operation + " within " + timeout.toSeconds()
                + " s: is the cluster reachable?", cause);
    }

    <T> T await(String operation, KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw timedOut(operation, e.getCause());
            }
            throw new TopicAdminException("Kafka refused to " + operation + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(operation, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while waiting to " + operation, e);
        }
    }
}
