package com.menuca.promo.schemas.derived;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;
import com.menuca.promo.schemas.derived.data.DealExpired;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import com.menuca.promo.schemas.derived.data.EventData;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every business event the processor derives, with the topic that carries it. The wire name
 * ({@code deal_published}...) is the envelope's {@code type} and the gateway's broadcast event name.
 */
public enum DerivedEventType {
    /** A deal became live: inserted live, switched on, or its {@code starts_at} arrived. */
    DEAL_PUBLISHED(DealPublished.class),
    /** A deal's {@code status} or {@code is_active} changed. */
    DEAL_STATUS_CHANGED(DealStatusChanged.class),
    /** A live deal's {@code ends_at} is one of the configured horizons away. */
    DEAL_EXPIRING(DealExpiring.class),
    /** A live deal's {@code ends_at} passed. */
    DEAL_EXPIRED(DealExpired.class),
    /** A coupon was inserted. */
    COUPON_CREATED(CouponCreated.class),
    /** A coupon was used (a {@code coupon_usage_log} row was inserted). */
    COUPON_REDEEMED(CouponRedeemed.class),
    /** A coupon's redemptions reached its {@code usage_limit}. */
    COUPON_LIMIT_REACHED(CouponLimitReached.class),
    /** One customer's redemptions of a coupon reached its {@code per_customer_limit}. */
    CUSTOMER_COUPON_LIMIT_REACHED(CustomerCouponLimitReached.class),
    /** An active coupon's {@code valid_until} is one of the configured horizons away. */
    COUPON_EXPIRING(CouponExpiring.class),
    /** An active coupon's {@code valid_until} passed. */
    COUPON_EXPIRED(CouponExpired.class);

    /** Every type by wire name: consumers look a type up for each record they read. */
    private static final Map<String, DerivedEventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(DerivedEventType::wireName, type -> type));

    private final Class<? extends EventData> dataType;
    private final String wireName;

    DerivedEventType(Class<? extends EventData> dataType) {
        this.dataType = dataType;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The record of this type's {@code data} payload. */
    public Class<? extends EventData> dataType() {
        return dataType;
    }

    /** The name on the wire: lower snake case. */
    public String wireName() {
        return wireName;
    }

    /** The topic carrying this event type. */
    public Topic<RestaurantKey, DerivedEvent> topic() {
        return name().startsWith("DEAL_") ? DerivedTopics.DEAL_LIFECYCLE : DerivedTopics.COUPON_ACTIVITY;
    }

    public static Optional<DerivedEventType> ofWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }
}
