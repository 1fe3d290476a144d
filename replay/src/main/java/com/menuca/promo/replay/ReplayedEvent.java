package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.catalog.CatalogTopic;
import java.time.Instant;

/**
 * One record of the replay with where it was in Kafka.
 *
 * @param topic     its catalogue entry
 * @param partition partition
 * @param offset    offset in the partition
 * @param timestamp the record's Kafka timestamp
 * @param key       the key as JSON (a text node if it was not JSON)
 * @param value     the value as JSON (a text node if it was not JSON; null node for a tombstone)
 */
public record ReplayedEvent(CatalogTopic topic, int partition, long offset, Instant timestamp, JsonNode key, JsonNode value) {
}
