package com.menuca.promo.bridge.postgres;

/**
 * One {@code NOTIFY channel, payload}.
 *
 * @param channel a channel name of the seed ({@code restaurant_42_deal_status})
 * @param payload JSON text, shorter than {@link #MAX_PAYLOAD_BYTES} in UTF-8
 */
public record Notification(String channel, String payload) {
    /** PostgreSQL's limit: a payload must be shorter than 8000 bytes (in the default configuration). */
    public static final int MAX_PAYLOAD_BYTES = 8000;
}
