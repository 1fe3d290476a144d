package com.menuca.promo.processor.events;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.derived.data.EventData;
import java.time.Instant;

/** Builds {@link DerivedEvent}s: the envelope around a typed {@code derived.data} payload. */
public final class DerivedEvents {
    private DerivedEvents() {
    }

    /** Who an event is about; null ids are absent. */
    public record Subject(long restaurantId, Long customerId, Long dealId, Long couponId) {
        public static Subject deal(long restaurantId, long dealId) {
            return new Subject(restaurantId, null, dealId, null);
        }

        public static Subject coupon(long restaurantId, Long dealId, long couponId) {
            return new Subject(restaurantId, null, dealId, couponId);
        }

        public Subject withCustomer(long customer) {
            return new Subject(restaurantId, customer, dealId, couponId);
        }
    }

    /** An event caused by a change: id from the change, occurred at its commit. */
    public static DerivedEvent fromChange(DerivedEventType type, CdcChange change, Subject subject, EventData data) {
        return build(EventIds.forChange(type, change), type, change.committedAt(), subject, data, change.source());
    }

    /** An event caused by a change but identified otherwise ({@code id}), occurred at the change's commit. */
    public static DerivedEvent causedBy(String id, DerivedEventType type, CdcChange change, Subject subject, EventData data) {
        return build(id, type, change.committedAt(), subject, data, change.source());
    }

    /** A wall-clock event: {@code id} from {@link EventIds#forSchedule}, source the change that scheduled it. */
    public static DerivedEvent scheduled(String id, DerivedEventType type, Instant occurredAt, Subject subject,
                                         EventData data, SourcePosition scheduledBy) {
        return build(id, type, occurredAt, subject, data, scheduledBy);
    }

    private static DerivedEvent build(String id, DerivedEventType type, Instant occurredAt, Subject subject,
                                      EventData data, SourcePosition source) {
        return new DerivedEvent(id, type.wireName(), occurredAt, subject.restaurantId(), subject.customerId(),
                subject.dealId(), subject.couponId(), data, source);
    }
}
