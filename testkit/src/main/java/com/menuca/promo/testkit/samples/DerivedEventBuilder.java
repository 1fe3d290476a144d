package com.menuca.promo.testkit.samples;

import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;
import com.menuca.promo.schemas.derived.data.DealExpired;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealState;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import com.menuca.promo.schemas.derived.data.EventData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a valid derived event: every field starts with a sample value fitting the type (ids 1, a
 * random event id, occurred now, sample data), a test sets what it cares about, and {@link #build()}
 * checks the result against the topic's JSON Schema.
 */
public final class DerivedEventBuilder {
    private static final AtomicLong OFFSETS = new AtomicLong();

    private final DerivedEventType type;
    private String eventId = UUID.randomUUID().toString();
    private Instant occurredAt = Samples.now();
    private long restaurantId = 1;
    private Long customerId;
    private Long dealId;
    private Long couponId;
    private EventData data;
    private SourcePosition source;

    DerivedEventBuilder(DerivedEventType type) {
        this.type = type;
        boolean dealEvent = type.name().startsWith("DEAL_");
        dealId = 1L;
        couponId = dealEvent ? null : 1L;
        customerId = type == DerivedEventType.COUPON_REDEEMED || type == DerivedEventType.CUSTOMER_COUPON_LIMIT_REACHED
                ? 1L : null;
        source = new SourcePosition(dealEvent ? "menuca.menuca_v3.promotional_deals"
                : type == DerivedEventType.COUPON_REDEEMED ? "menuca.menuca_v3.coupon_usage_log"
                : "menuca.menuca_v3.promotional_coupons", 0, OFFSETS.getAndIncrement(), 0x1_0000_0000L);
    }

    /** Any UUID; the pipeline's are name-based (version 3) from the event's cause. */
    public DerivedEventBuilder eventId(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public DerivedEventBuilder occurredAt(Instant occurredAt) {
        this.occurredAt = occurredAt;
        return this;
    }

    public DerivedEventBuilder restaurant(long restaurantId) {
        this.restaurantId = restaurantId;
        return this;
    }

    /** The customer; required by coupon_redeemed and customer_coupon_limit_reached, null elsewhere. */
    public DerivedEventBuilder customer(Long customerId) {
        this.customerId = customerId;
        return this;
    }

    public DerivedEventBuilder deal(Long dealId) {
        this.dealId = dealId;
        return this;
    }

    public DerivedEventBuilder coupon(Long couponId) {
        this.couponId = couponId;
        return this;
    }

    /** The payload: the record of this builder's type. Without it, a sample of the type. */
    public DerivedEventBuilder data(EventData data) {
        this.data = data;
        return this;
    }

    public DerivedEventBuilder source(SourcePosition source) {
        this.source = source;
        return this;
    }

    /**
     * @throws com.menuca.promo.catalog.SchemaViolationException when the event breaks the topic's schema
     * @throws IllegalArgumentException when the data is not this type's record
     */
    public DerivedEvent build() {
        DerivedEvent event = new DerivedEvent(eventId, type.wireName(), occurredAt, restaurantId, customerId, dealId,
                couponId, data != null ? data : sampleData(type, occurredAt, dealId, couponId), source);
        Samples.requireValid(type.topic(), event.key(), event);
        return event;
    }

    /** Sample data of the type for an event that occurred at {@code occurredAt} about the deal and coupon (nullable). */
    static EventData sampleData(DerivedEventType type, Instant occurredAt, Long dealId, Long couponId) {
        Instant start = occurredAt.minus(1, ChronoUnit.HOURS);
        Instant end = occurredAt.plus(1, ChronoUnit.HOURS);
        String title = "Sample deal " + dealId;
        String code = "SAVE" + couponId;
        return switch (type) {
            case DEAL_PUBLISHED -> new DealPublished(title, null, "percent", Samples.money("10.00"), null, start, end,
                    "active", "inserted");
            case DEAL_STATUS_CHANGED -> new DealStatusChanged(title, new DealState("active", true),
                    new DealState("paused", true), "status_changed");
            case DEAL_EXPIRING -> new DealExpiring(title, end, Duration.ofHours(1), 3_600, 3_600);
            case DEAL_EXPIRED -> new DealExpired(title, occurredAt);
            case COUPON_CREATED -> new CouponCreated(code, "percent", Samples.money("10.00"), 100, 1, start, end, true);
            case COUPON_REDEEMED -> new CouponRedeemed(1, 10_001, code, title, Samples.money("4.50"),
                    Samples.money("30.00"), occurredAt, 100);
            case COUPON_LIMIT_REACHED -> new CouponLimitReached(code, 100, 100);
            case CUSTOMER_COUPON_LIMIT_REACHED -> new CustomerCouponLimitReached(code, 1, 1);
            case COUPON_EXPIRING -> new CouponExpiring(code, end, Duration.ofHours(1), 3_600, 3_600);
            case COUPON_EXPIRED -> new CouponExpired(code, occurredAt);
        };
    }
}
