package com.menuca.promo.gateway.feed;

import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.derived.DerivedTopics;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every topic the gateway reads. The {@link #code()} of a topic is part of resume positions held by
 * clients, so codes are never reused or renumbered: new topics get new codes at the end.
 */
public enum FeedTopic {
    PROMOTIONAL_DEALS(0, CdcTable.PROMOTIONAL_DEALS.topic().name(), CdcTable.PROMOTIONAL_DEALS, false),
    PROMOTIONAL_COUPONS(1, CdcTable.PROMOTIONAL_COUPONS.topic().name(), CdcTable.PROMOTIONAL_COUPONS, false),
    MARKETING_TAGS(2, CdcTable.MARKETING_TAGS.topic().name(), CdcTable.MARKETING_TAGS, false),
    RESTAURANT_TAG_ASSOCIATIONS(3, CdcTable.RESTAURANT_TAG_ASSOCIATIONS.topic().name(),
            CdcTable.RESTAURANT_TAG_ASSOCIATIONS, false),
    COUPON_USAGE_LOG(4, CdcTable.COUPON_USAGE_LOG.topic().name(), CdcTable.COUPON_USAGE_LOG, false),
    /** deal_published, deal_status_changed, deal_expiring, deal_expired. */
    DEAL_LIFECYCLE(5, DerivedTopics.DEAL_LIFECYCLE.name(), null, false),
    /** coupon_created, coupon_redeemed, coupon_limit_reached, customer_coupon_limit_reached, coupon_expiring, coupon_expired. */
    COUPON_ACTIVITY(6, DerivedTopics.COUPON_ACTIVITY.name(), null, false),
    /** Compacted: redemption counts per coupon, deal and restaurant. */
    REDEMPTION_COUNTS(7, DerivedTopics.REDEMPTION_COUNTS.name(), null, true),
    /** Compacted, keyed by restaurant id: the live deal performance JSON. */
    DEAL_PERFORMANCE(8, DerivedTopics.DEAL_PERFORMANCE.name(), null, true),
    /** Compacted, per customer: their savings. */
    CUSTOMER_SAVINGS(9, DerivedTopics.CUSTOMER_SAVINGS.name(), null, true);

    private final int code;
    private final String topicName;
    private final CdcTable table;
    private final boolean latestWins;

    FeedTopic(int code, String topicName, CdcTable table, boolean latestWins) {
        this.code = code;
        this.topicName = topicName;
        this.table = table;
        this.latestWins = latestWins;
    }

    /** Stable number of the topic inside resume positions. */
    public int code() {
        return code;
    }

    public String topicName() {
        return topicName;
    }

    /** The captured table of a change topic, or null for a derived topic. */
    public CdcTable table() {
        return table;
    }

    /** Compacted topics whose latest value per key is kept in memory and sent on join. */
    public boolean isLatestWins() {
        return latestWins;
    }

    public static FeedTopic of(CdcTable table) {
        return values()[table.ordinal()];
    }

    public static Optional<FeedTopic> byCode(int code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }

    /** Looked up for every record the feed reads: a map, not a scan. */
    public static Optional<FeedTopic> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static final Map<String, FeedTopic> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FeedTopic::topicName, Function.identity()));
}
