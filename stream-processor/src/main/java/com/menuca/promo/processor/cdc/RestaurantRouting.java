package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        Long before = restaurantOf(change.before());
        Long after = restaurantOf(change.after());
        if (change.op() == Op.UPDATE && !before.equals(after)) {
            return List.of(new Routed(before, change.withImages(Op.DELETE, change.before(), null, 1)),
                    new Routed(after, change.withImages(Op.READ, null, change.after(), 2)));
        }
        return List.of(new Routed(after != null ? after : before, change));
    }

    private static Long restaurantOf(ObjectNode row) {
        return row == null ? null : row.get("restaurant_id").asLong();
    }
}
