package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** A {@code promotional_coupons} row: the columns the derivations use. Null limits mean unlimited. */
public record CouponRow(long id, long restaurantId, Long dealId, String code, String discountType,
                        BigDecimal discountValue, Integer usageLimit, Integer perCustomerLimit, Instant validFrom,
                        Instant validUntil, boolean isActive) {

    public static CouponRow of(ObjectNode row) {
        RowFields f = new RowFields("promotional_coupons", row);
        return new CouponRow(f.requiredLong("id"), f.requiredLong("restaurant_id"), f.optionalLong("deal_id"),
                f.requiredText("code"), f.requiredText("discount_type"), f.requiredDecimal("discount_value"),
                f.optionalInt("usage_limit"), f.optionalInt("per_customer_limit"), f.requiredInstant("valid_from"),
                f.optionalInstant("valid_until"), f.requiredBoolean("is_active"));
    }
}
