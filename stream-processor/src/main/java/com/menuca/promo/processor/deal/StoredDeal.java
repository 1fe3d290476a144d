package com.menuca.promo.processor.deal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.DealRow;
import java.util.Set;

/**
 * What the processor remembers of a deal.
 *
 * @param row   the latest row
 * @param fired ids of its timers that already fired for the current deadlines
 */
public record StoredDeal(@JsonProperty("row") DealRow row, @JsonProperty("fired") Set<String> fired) {
    public StoredDeal {
        fired = Set.copyOf(fired);
    }
}
