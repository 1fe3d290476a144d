package com.menuca.promo.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The events of a channel one caller may receive: those meeting every condition of at least one of
 * its matching grants. {@link #ALL} when some grant has no conditions.
 */
public final class EventFilter {
    public static final EventFilter ALL = new EventFilter(List.of());

    private final List<List<Access.EventTest>> alternatives;

    EventFilter(List<List<Access.EventTest>> alternatives) {
        this.alternatives = alternatives;
    }

    /** Whether every event passes (some grant has no conditions). */
    public boolean isAll() {
        return alternatives.isEmpty();
    }

    /** Whether the event (a derived event envelope: restaurant_id, customer_id...) may be delivered. */
    public boolean allows(JsonNode event) {
        if (alternatives.isEmpty()) {
            return true;
        }
        for (List<Access.EventTest> alternative : alternatives) {
            boolean all = true;
            for (Access.EventTest test : alternative) {
                Object value = Access.normalize(event.get(test.field()));
                if (value == null || !test.allowed().contains(value)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
