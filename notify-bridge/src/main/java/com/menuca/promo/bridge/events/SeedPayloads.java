package com.menuca.promo.bridge.events;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.NotifyChannel;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import com.menuca.promo.schemas.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON object the seed's trigger sent on each {@code pg_notify} channel, built from our derived
 * event: the seed's field names at top level, so a backend written for the triggers reads them from
 * {@code JSON.parse(msg.payload)} unchanged; then {@code event_id} and {@code type} to de-duplicate by.
 * Fields our schema has no value for ({@code is_featured}, coupon {@code title}) are null. Where the
 * seed's trigger stayed silent, so does this: a deal whose status changed but not {@code is_active},
 * a coupon inserted inactive. docs/supabase.md maps every field.
 */
final class SeedPayloads {
    private SeedPayloads() {
    }

    /** The payload for {@code channel}, or empty where the seed's trigger sent nothing for this event. */
    static Optional<ObjectNode> of(NotifyChannel channel, DerivedEvent event) {
        ObjectNode json = Json.mapper().createObjectNode();
        switch (channel) {
            case DEAL_PUBLISHED -> {
                DealPublished deal = event.dataAs(DealPublished.class);
                json.put("deal_id", event.dealId());
                json.put("restaurant_id", event.restaurantId());
                json.put("title", deal.title());
                json.put("deal_type", deal.dealType());
                // one discount_value in the seed; here a percent deal has discount_percent, an amount deal discount_amount
                putNumber(json, "discount_value", deal.discountPercent() != null ? deal.discountPercent() : deal.discountAmount());
                putInstant(json, "start_date", deal.startsAt());
                putInstant(json, "end_date", deal.endsAt());
                json.putNull("is_featured");
            }
            case RESTAURANT_DEAL_PUBLISHED -> {
                json.put("deal_id", event.dealId());
                json.put("title", event.dataAs(DealPublished.class).title());
                json.put("action", "published");
            }
            case RESTAURANT_DEAL_STATUS -> {
                DealStatusChanged change = event.dataAs(DealStatusChanged.class);
                if (change.old().isActive() == change.current().isActive()) {
                    return Optional.empty(); // the seed notified is_active changes only
                }
                json.put("deal_id", event.dealId());
                json.put("title", change.title());
                json.put("is_active", change.current().isActive());
                putInstant(json, "changed_at", event.occurredAt());
                json.put("action", change.current().isActive() ? "activated" : "deactivated");
            }
            case RESTAURANT_DEAL_EXPIRING -> {
                DealExpiring expiring = event.dataAs(DealExpiring.class);
                json.put("deal_id", event.dealId());
                json.put("title", expiring.title());
                putInstant(json, "end_date", expiring.endsAt());
                json.put("hours_remaining", expiring.secondsRemaining() / 3600);
            }
            case RESTAURANT_COUPON_CREATED -> {
                CouponCreated coupon = event.dataAs(CouponCreated.class);
                if (!coupon.isActive()) {
                    return Optional.empty(); // the seed announced active coupons only
                }
                json.put("coupon_id", event.couponId());
                json.put("code", coupon.code());
                json.putNull("title");
            }
            case RESTAURANT_COUPON_REDEEMED -> {
                CouponRedeemed redeemed = event.dataAs(CouponRedeemed.class);
                json.put("usage_id", redeemed.usageId());
                json.put("coupon_code", redeemed.code());
                putNumber(json, "discount_amount", redeemed.discountApplied());
                json.put("order_id", redeemed.orderId());
                putInstant(json, "redeemed_at", redeemed.usedAt());
            }
            case CUSTOMER_COUPON_REDEEMED -> {
                CouponRedeemed redeemed = event.dataAs(CouponRedeemed.class);
                json.put("coupon_code", redeemed.code());
                putNumber(json, "discount_amount", redeemed.discountApplied());
                putNumber(json, "saved_amount", redeemed.discountApplied());
            }
            case COUPON_LIMIT_REACHED -> {
                CouponLimitReached limit = event.dataAs(CouponLimitReached.class);
                json.put("coupon_id", event.couponId());
                json.put("code", limit.code());
                json.putNull("title");
                json.put("usage_count", limit.redemptions());
                json.put("usage_limit", limit.usageLimit());
            }
        }
        json.put("event_id", event.eventId());
        json.put("type", event.type());
        return Optional.of(json);
    }

    /** A JSON number as PostgreSQL's json_build_object wrote a numeric: its scale kept (2.50, not 2.5). */
    private static void putNumber(ObjectNode json, String field, BigDecimal value) {
        json.set(field, value == null ? NullNode.getInstance() : DecimalNode.valueOf(value));
    }

    private static void putInstant(ObjectNode json, String field, Instant instant) {
        if (instant == null) {
            json.putNull(field);
        } else {
            json.put(field, instant.toString());
        }
    }
}
