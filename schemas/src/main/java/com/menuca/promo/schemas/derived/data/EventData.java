package com.menuca.promo.schemas.derived.data;

/**
 * The {@code data} payload of a derived event: one record per event type, chosen by the envelope's
 * {@code type} when the event is read. A type this version of the contracts does not know yet arrives
 * as {@link UnknownEventData}, so a consumer built against an older version keeps running.
 */
public sealed interface EventData permits DealPublished, DealStatusChanged, DealExpiring, DealExpired, CouponCreated,
        CouponRedeemed, CouponLimitReached, CustomerCouponLimitReached, CouponExpiring, CouponExpired, UnknownEventData {
}
