package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.CouponRow;
import com.menuca.promo.processor.events.DerivedEvents;
import com.menuca.promo.processor.events.DerivedEvents.Subject;
import com.menuca.promo.processor.events.EventIds;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;

/** The limit-reached events, identified by the crossing (see {@link LimitWatch}), caused by {@code change}. */
final class CouponLimits {
    private CouponLimits() {
    }

    static DerivedEvent reached(CdcChange change, CouponRow coupon, long count, LimitWatch watch) {
        String id = EventIds.forCrossing(DerivedEventType.COUPON_LIMIT_REACHED, "coupon/" + coupon.id(),
                coupon.usageLimit(), watch.crossings());
        return DerivedEvents.causedBy(id, DerivedEventType.COUPON_LIMIT_REACHED, change,
                Subject.coupon(coupon.restaurantId(), coupon.dealId(), coupon.id()),
                new CouponLimitReached(coupon.code(), coupon.usageLimit(), count));
    }

    static DerivedEvent customerReached(CdcChange change, CouponRow coupon, long customerId, long count,
                                        LimitWatch watch) {
        String id = EventIds.forCrossing(DerivedEventType.CUSTOMER_COUPON_LIMIT_REACHED,
                "coupon/" + coupon.id() + "/customer/" + customerId, coupon.perCustomerLimit(), watch.crossings());
        return DerivedEvents.causedBy(id, DerivedEventType.CUSTOMER_COUPON_LIMIT_REACHED, change,
                Subject.coupon(coupon.restaurantId(), coupon.dealId(), coupon.id()).withCustomer(customerId),
                new CustomerCouponLimitReached(coupon.code(), coupon.perCustomerLimit(), count));
    }
}
