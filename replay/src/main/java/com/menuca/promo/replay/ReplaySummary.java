package com.menuca.promo.replay;

/**
 * What a replay did.
 *
 * @param scanned records read from Kafka in the offset ranges
 * @param written events that passed the time and event filters and were written
 */
public record ReplaySummary(long scanned, long written) {
}
