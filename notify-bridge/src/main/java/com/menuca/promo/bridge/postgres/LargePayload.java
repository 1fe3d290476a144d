package com.menuca.promo.bridge.postgres;

/**
 * An event too large for a {@code NOTIFY} payload, kept in {@code <schema>.payloads} so the reference
 * notified in its place can be followed.
 *
 * @param eventId the event's id, the row's key
 * @param type    its type
 * @param json    the whole event, as on its topic
 */
public record LargePayload(String eventId, String type, String json) {
}
