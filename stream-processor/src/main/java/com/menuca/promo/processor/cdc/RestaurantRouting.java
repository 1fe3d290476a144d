package com.menuca.promo.processor.cdc;

import com.menuca.promo.schemas.cdc.Op;
import java.util.List;

/**
 * Which restaurant's derivations a change belongs to. Every derivation of a restaurant (its deals,
 * coupons, usage, counts, performance) runs in one task, so the change topics, keyed by row id, are
 * re-keyed by restaurant.
 *
 * <p>An update that moves a row to another restaurant becomes two changes: a delete at the old
 * restaurant and a snapshot-like read at the new one (state moves, nothing is announced twice).
 */
public final class RestaurantRouting {
    /** A change and the restaurant whose derivations get it. */
    public record Routed(long restaurantId, CdcChange change) {
    }

    private RestaurantRouting() {
    }

    public static List<Routed> route(CdcChange change) {
        Row before = change.before();
        Row after = change.after();
        if (change.op() == Op.UPDATE && before.restaurantId() != after.restaurantId()) {
            return List.of(new Routed(before.restaurantId(), change.withImages(Op.DELETE, before, null, 1)),
                    new Routed(after.restaurantId(), change.withImages(Op.READ, null, after, 2)));
        }
        return List.of(new Routed((after != null ? after : before).restaurantId(), change));
    }
}
