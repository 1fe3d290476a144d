package com.menuca.promo.gateway.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.feed.FeedTopic;
import java.util.ArrayList;
import java.util.List;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;

/**
 * Where a derived event goes: the channel map of the architecture. Events are the stream
 * processor's {@link com.menuca.promo.schemas.derived.DerivedEvent} envelope, read as JSON (its bytes
 * are forwarded unchanged): {@code type} ({@link DerivedEventType}), {@code restaurant_id}, optional
 * {@code customer_id}. Latest-wins values are routed by the id in their value or key.
 */
public final class EventRoutes {
    /** One destination: a canonical channel and the broadcast event name there. */
    public record Route(String channel, String event) {
    }


    /** The event name of {@code restaurant:{id}:counts} values. */
    public static final String COUNTS_EVENT = "redemption_counts";
    /** The event name of {@code customer:{id}:savings} values. */
    public static final String SAVINGS_EVENT = "customer_savings";

    private EventRoutes() {
    }

    /**
     * @param topic the derived topic the record came from
     * @param key   the record key as JSON (may be null)
     * @param value the record value (never null; tombstones are not routed)
     */
    public static List<Route> routes(FeedTopic topic, JsonNode key, JsonNode value) {
        String type = value.path("type").asText("");
        DerivedEventType known = DerivedEventType.ofWireName(type).orElse(null);
        Long restaurant = id(value, "restaurant_id");
        Long customer = id(value, "customer_id");
        List<Route> routes = new ArrayList<>(2);
        switch (topic) {
            case DEAL_LIFECYCLE -> {
                if (restaurant != null && known != null && known.topic() == DerivedTopics.DEAL_LIFECYCLE) {
                    if (known == DerivedEventType.DEAL_PUBLISHED) {
                        routes.add(new Route("deals", type));
                    }
                    routes.add(new Route("restaurant:" + restaurant + ":deals", type));
                }
            }
            case COUPON_ACTIVITY -> {
                if (known != null && known.topic() == DerivedTopics.COUPON_ACTIVITY) {
                    couponActivity(known, restaurant, customer, routes);
                }
            }
            case DEAL_PERFORMANCE -> {
                Long id = restaurant != null ? restaurant : keyId(key, "restaurant_id");
                if (id != null) {
                    routes.add(new Route("restaurant:" + id + ":performance", ChannelNames.DEAL_PERFORMANCE));
                }
            }
            case REDEMPTION_COUNTS -> {
                Long id = restaurant != null ? restaurant : keyId(key, "restaurant_id");
                if (id != null) {
                    routes.add(new Route("restaurant:" + id + ":counts", type.isEmpty() ? COUNTS_EVENT : type));
                }
            }
            case CUSTOMER_SAVINGS -> {
                Long id = customer != null ? customer : keyId(key, "customer_id");
                if (id != null) {
                    routes.add(new Route("customer:" + id + ":savings", type.isEmpty() ? SAVINGS_EVENT : type));
                }
            }
            default -> {
                // change topics are not broadcast
            }
        }
        return routes;
    }

    private static void couponActivity(DerivedEventType known, Long restaurant, Long customer, List<Route> routes) {
        String type = known.wireName();
        switch (known) {
            case COUPON_CREATED -> {
                if (restaurant != null) {
                    routes.add(new Route("restaurant:" + restaurant + ":coupons", type));
                }
            }
            case COUPON_EXPIRING, COUPON_EXPIRED -> {
                // One event per coupon for its restaurant, and one per customer who uses it (customer_id set).
                if (customer != null) {
                    routes.add(new Route("customer:" + customer + ":coupons", type));
                } else if (restaurant != null) {
                    routes.add(new Route("restaurant:" + restaurant + ":coupons", type));
                }
            }
            case COUPON_REDEEMED -> {
                if (restaurant != null) {
                    routes.add(new Route("restaurant:" + restaurant + ":redemptions", type));
                }
                if (customer != null) {
                    routes.add(new Route("customer:" + customer + ":coupons", type));
                }
            }
            case COUPON_LIMIT_REACHED -> {
                routes.add(new Route("coupons:limits", type));
                if (restaurant != null) {
                    routes.add(new Route("restaurant:" + restaurant + ":coupons", type));
                }
            }
            case CUSTOMER_COUPON_LIMIT_REACHED -> {
                if (customer != null) {
                    routes.add(new Route("customer:" + customer + ":coupons", type));
                }
                if (restaurant != null) {
                    routes.add(new Route("restaurant:" + restaurant + ":coupons", type));
                }
            }
            default -> {
                // deal events never come on this topic
            }
        }
    }

    /** The derived topic whose events a channel receives, or null for channels without a broadcast source. */
    public static FeedTopic sourceOf(String canonical) {
        return ChannelFamily.of(canonical).map(ChannelFamily::source).orElse(null);
    }

    private static Long id(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        String text = value.asText();
        return digits(text) ? Long.valueOf(text) : null;
    }

    /** One to eighteen ASCII digits (what a long holds for sure), checked without a regular expression per record. */
    private static boolean digits(String text) {
        int length = text.length();
        if (length < 1 || length > 18) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The id in a record key: the key itself (a number or digits) or its {@code field}. */
    static Long keyId(JsonNode key, String field) {
        if (key == null || key.isNull()) {
            return null;
        }
        if (key.isObject()) {
            return id(key, field);
        }
        if (key.isIntegralNumber()) {
            return key.longValue();
        }
        String text = key.asText();
        return digits(text) ? Long.valueOf(text) : null;
    }
}
