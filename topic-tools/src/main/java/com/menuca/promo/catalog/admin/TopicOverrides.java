package com.menuca.promo.catalog.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's departures from the catalogue (more partitions, a shorter retention), kept in a YAML file
 * next to the cluster rather than in the shared contract:
 *
 * <pre>
 * menuca.menuca_v3.coupon_usage_log:
 *   partitions: 12
 *   config:
 *     retention.ms: "7776000000"   # 90 days instead of forever
 * </pre>
 */
public final class TopicOverrides {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private record Override(@JsonProperty("partitions") Integer partitions,
                            @JsonProperty("config") Map<String, String> config) {
    }

    private TopicOverrides() {
    }

    /**
     * The catalogue's specs with the overrides of {@code file} applied.
     *
     * @throws IllegalArgumentException for a topic the catalogue does not have, or a file that does not parse
     */
    public static List<TopicSpec> apply(Catalog catalog, Path file) {
        Map<String, Override> overrides;
        try {
            overrides = YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Override>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topic overrides " + file + ": " + e.getMessage(), e);
        }
        if (overrides == null) {
            return TopicSpec.all(catalog);
        }
        List<String> unknown = overrides.keySet().stream().filter(name -> catalog.topic(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("topic overrides " + file + " name topics that are not in the catalogue: "
                    + unknown);
        }
        List<TopicSpec> specs = new ArrayList<>();
        for (CatalogTopic topic : catalog.topics()) {
            Override override = overrides.get(topic.name());
            if (override == null) {
                specs.add(TopicSpec.of(topic));
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>(topic.config());
            if (override.config() != null) {
                config.putAll(override.config());
            }
            specs.add(new TopicSpec(topic.name(), override.partitions() == null ? topic.partitions() : override.partitions(),
                    config));
        }
        return specs;
    }
}
