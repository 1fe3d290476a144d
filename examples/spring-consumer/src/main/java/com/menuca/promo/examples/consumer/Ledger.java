package com.menuca.promo.examples.consumer;

import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What this service does with what it hears, in its own database: each business event's effect happens in
 * the same transaction that records its {@code event_id}, so a redelivered event (a restart before the
 * offset was committed, a re-derivation upstream) finds its id taken and changes nothing.
 */
@Service
public class Ledger {
    private final JdbcTemplate jdbc;
    private final AtomicLong duplicates = new AtomicLong();

    Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void handle(DerivedEvent event) {
        int inserted = jdbc.update("""
                INSERT INTO handled_events (event_id, type, restaurant_id, customer_id, occurred_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                event.eventId(), event.type(), event.restaurantId(), event.customerId(), Timestamp.from(event.occurredAt()));
        if (inserted == 0) {
            duplicates.incrementAndGet();
            return;
        }
        if (event.data() instanceof CouponRedeemed redeemed) {
            jdbc.update("""
                    INSERT INTO customer_savings (customer_id, redemptions, saved) VALUES (?, 1, ?)
                    ON CONFLICT (customer_id) DO UPDATE SET redemptions = customer_savings.redemptions + 1,
                        saved = customer_savings.saved + EXCLUDED.saved""",
                    event.customerId(), redeemed.discountApplied());
        }
    }

    /** Latest wins: the value replaces what was there; a tombstone removes it. */
    @Transactional
    public void counts(CountsKey key, RedemptionCounts counts) {
        if (counts == null) {
            jdbc.update("DELETE FROM latest_counts WHERE scope = ? AND id = ?", key.scope().wireName(), key.id());
            return;
        }
        jdbc.update("""
                INSERT INTO latest_counts (scope, id, total, discount_total) VALUES (?, ?, ?, ?)
                ON CONFLICT (scope, id) DO UPDATE SET total = EXCLUDED.total, discount_total = EXCLUDED.discount_total""",
                key.scope().wireName(), key.id(), counts.redemptions().total(), counts.discountGiven().total());
    }

    /** A change is identified by its WAL position and row: the same change delivered again is ignored. */
    @Transactional
    public void usageChange(ChangeEvent<CouponUsage> change) {
        CouponUsage row = change.row();
        int inserted = jdbc.update("""
                INSERT INTO usage_changes (lsn, usage_id, op, customer_id, discount_applied, committed_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lsn, usage_id) DO NOTHING""",
                change.source().lsn(), row.id(), change.op().code(), row.customerId(), row.discountApplied(),
                Timestamp.from(change.committedAt()));
        if (inserted == 0) {
            duplicates.incrementAndGet();
        }
    }

    /** Deliveries that changed nothing because they had been handled before. */
    public long duplicatesIgnored() {
        return duplicates.get();
    }
}
