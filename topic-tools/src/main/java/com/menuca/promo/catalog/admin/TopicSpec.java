package com.menuca.promo.catalog.admin;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a topic should be on the cluster: partitions and the configs the catalogue (or a site's
 * overrides) sets. Configs not named here are the cluster's business and never drift.
 *
 * @param name       topic name
 * @param partitions partition count
 * @param config     configs to set, in catalogue order
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {
    public TopicSpec {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public static TopicSpec of(CatalogTopic topic) {
        return new TopicSpec(topic.name(), topic.partitions(), topic.config());
    }

    public static List<TopicSpec> of(List<CatalogTopic> topics) {
        return topics.stream().map(TopicSpec::of).toList();
    }

    /** Every topic of the catalogue. */
    public static List<TopicSpec> all(Catalog catalog) {
        return of(catalog.topics());
    }
}
