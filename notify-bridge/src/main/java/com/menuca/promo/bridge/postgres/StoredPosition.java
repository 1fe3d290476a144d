package com.menuca.promo.bridge.postgres;

/**
 * Where the bridge goes on reading one partition: the offset of the first event not yet notified.
 *
 * @param topic      the derived topic
 * @param partition  its partition
 * @param nextOffset the next offset to read
 */
public record StoredPosition(String topic, int partition, long nextOffset) {
}
