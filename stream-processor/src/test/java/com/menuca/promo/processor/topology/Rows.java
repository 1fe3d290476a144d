package com.menuca.promo.processor.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.time.Duration;
import java.time.Instant;

/** Row images as the capture writes them (money as decimal strings, timestamps ISO-8601 UTC). */
final class Rows {
    private Rows() {
    }

    /** A live deal: switched on, active, started an hour before {@code now}, ending in ten days. */
    static ObjectNode deal(long id, long restaurantId, Instant now) {
        return Json.mapper().createObjectNode()
                .put("id", id).put("restaurant_id", restaurantId).put("title", "Deal " + id)
                .put("description", "Deal " + id + " of restaurant " + restaurantId).put("deal_type", "percent")
                .put("discount_percent", "15.00").putNull("discount_amount")
                .put("starts_at", now.minus(Duration.ofHours(1)).toString())
                .put("ends_at", now.plus(Duration.ofDays(10)).toString())
                .put("is_active", true).put("status", "active")
                .put("created_at", now.toString()).put("updated_at", now.toString());
    }

    /** An active coupon with the given limits (null = unlimited), valid for 30 days. */
    static ObjectNode coupon(long id, long restaurantId, Long dealId, Integer usageLimit, Integer perCustomerLimit,
                             Instant now) {
        ObjectNode row = Json.mapper().createObjectNode()
                .put("id", id).put("restaurant_id", restaurantId);
        if (dealId == null) {
            row.putNull("deal_id");
        } else {
            row.put("deal_id", dealId);
        }
        row.put("code", "SAVE" + id).put("discount_type", "amount").put("discount_value", "4.50");
        if (usageLimit == null) {
            row.putNull("usage_limit");
        } else {
            row.put("usage_limit", usageLimit);
        }
        if (perCustomerLimit == null) {
            row.putNull("per_customer_limit");
        } else {
            row.put("per_customer_limit", perCustomerLimit);
        }
        return row.put("valid_from", now.minus(Duration.ofDays(1)).toString())
                .put("valid_until", now.plus(Duration.ofDays(30)).toString())
                .put("is_active", true).put("created_at", now.toString()).put("updated_at", now.toString());
    }

    /** A usage row: customer saved 4.50 on a 30.00 order at {@code usedAt}. */
    static ObjectNode usage(long id, long couponId, long restaurantId, long customerId, Instant usedAt) {
        return Json.mapper().createObjectNode()
                .put("id", id).put("coupon_id", couponId).put("restaurant_id", restaurantId)
                .put("customer_id", customerId).put("order_id", 900_000 + id)
                .put("discount_applied", "4.50").put("order_total", "30.00").put("used_at", usedAt.toString());
    }

    static ObjectNode with(ObjectNode row, String column, Object value) {
        ObjectNode copy = row.deepCopy();
        if (value == null) {
            copy.putNull(column);
        } else {
            copy.set(column, Json.mapper().valueToTree(value instanceof Instant i ? i.toString() : value));
        }
        return copy;
    }
}
