package com.menuca.promo.processor.events;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.schemas.derived.DerivedEventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic event ids (name-based UUIDs), so re-deriving from the change topics yields the same
 * ids and consumers can de-duplicate by {@code event_id}:
 * <ul>
 *   <li>an event caused by a change: its type and the change's WAL position (table, LSN, row key);</li>
 *   <li>a wall-clock event: its type, the entity, the deadline and the horizon;</li>
 *   <li>a limit reached: its type, the coupon (and customer), the limit and the crossing's number
 *       (which change crossed depends on the order changes of different partitions meet).</li>
 * </ul>
 */
public final class EventIds {
    private EventIds() {
    }

    public static String forChange(DerivedEventType type, CdcChange change) {
        return uuid(type.wireName() + "|" + change.walPosition());
    }

    /**
     * @param entity   {@code deal/83} or {@code coupon/17}
     * @param deadline the moment the schedule is about (ends_at, valid_until, starts_at)
     * @param horizon  how long before the deadline the event fires (zero for the deadline itself)
     */
    public static String forSchedule(DerivedEventType type, String entity, Instant deadline, Duration horizon) {
        return uuid(type.wireName() + "|" + entity + "|" + deadline + "|" + horizon);
    }

    /**
     * @param subject  {@code coupon/17} or {@code coupon/17/customer/7}
     * @param limit    the limit reached
     * @param crossing 1 for the first time the limit was reached, 2 after a re-arm...
     */
    public static String forCrossing(DerivedEventType type, String subject, int limit, int crossing) {
        return uuid(type.wireName() + "|" + subject + "|limit=" + limit + "|crossing=" + crossing);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
