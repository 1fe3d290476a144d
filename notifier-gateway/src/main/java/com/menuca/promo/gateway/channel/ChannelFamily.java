package com.menuca.promo.gateway.channel;

import com.menuca.promo.gateway.feed.FeedTopic;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The channel map: every family of broadcast channels, the derived topic it is fed from and the
 * event names a client binds on it. {@link EventRoutes} routes each event to exactly these channels
 * under these names (a test holds them together), and docs/channels.md is generated from this list,
 * so the documented channels are the served ones. Any other channel name carries postgres_changes only.
 */
public enum ChannelFamily {
    DEALS("deals", FeedTopic.DEAL_LIFECYCLE, List.of("deal_published")),
    RESTAURANT_DEALS("restaurant:{id}:deals", FeedTopic.DEAL_LIFECYCLE,
            List.of("deal_published", "deal_status_changed", "deal_expiring", "deal_expired")),
    RESTAURANT_COUPONS("restaurant:{id}:coupons", FeedTopic.COUPON_ACTIVITY, List.of("coupon_created",
            "coupon_limit_reached", "customer_coupon_limit_reached", "coupon_expiring", "coupon_expired")),
    RESTAURANT_REDEMPTIONS("restaurant:{id}:redemptions", FeedTopic.COUPON_ACTIVITY, List.of("coupon_redeemed")),
    CUSTOMER_COUPONS("customer:{id}:coupons", FeedTopic.COUPON_ACTIVITY,
            List.of("coupon_redeemed", "customer_coupon_limit_reached", "coupon_expiring", "coupon_expired")),
    COUPON_LIMITS("coupons:limits", FeedTopic.COUPON_ACTIVITY, List.of("coupon_limit_reached")),
    RESTAURANT_PERFORMANCE("restaurant:{id}:performance", FeedTopic.DEAL_PERFORMANCE, List.of(ChannelNames.DEAL_PERFORMANCE)),
    RESTAURANT_COUNTS("restaurant:{id}:counts", FeedTopic.REDEMPTION_COUNTS, List.of(EventRoutes.COUNTS_EVENT)),
    CUSTOMER_SAVINGS("customer:{id}:savings", FeedTopic.CUSTOMER_SAVINGS, List.of(EventRoutes.SAVINGS_EVENT));

    private final String template;
    private final FeedTopic source;
    private final List<String> events;
    private final Pattern pattern;

    ChannelFamily(String template, FeedTopic source, List<String> events) {
        this.template = template;
        this.source = source;
        this.events = events;
        this.pattern = Pattern.compile(Pattern.quote(template).replace("{id}", "\\E\\d{1,18}\\Q"));
    }

    /** The channel name with {@code {id}} for a restaurant's or customer's id. */
    public String template() {
        return template;
    }

    /** The channel of one restaurant or customer ({@code id} is ignored by the families without one). */
    public String name(Long id) {
        return template.replace("{id}", String.valueOf(id));
    }

    /** The derived topic its events come from. */
    public FeedTopic source() {
        return source;
    }

    /** The event names it carries, as clients bind them. */
    public List<String> events() {
        return events;
    }

    /** Every event in order ({@link ChannelKind#EVENTS}), or the latest value per key ({@link ChannelKind#LATEST_WINS}). */
    public ChannelKind kind() {
        return source.isLatestWins() ? ChannelKind.LATEST_WINS : ChannelKind.EVENTS;
    }

    /** The family of a canonical channel name, if it has one. */
    public static Optional<ChannelFamily> of(String canonical) {
        return Arrays.stream(values()).filter(family -> family.pattern.matcher(canonical).matches()).findFirst();
    }
}
