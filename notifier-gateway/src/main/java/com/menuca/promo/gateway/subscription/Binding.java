package com.menuca.promo.gateway.subscription;

import com.menuca.promo.gateway.filter.RowFilter;
import com.menuca.promo.schemas.cdc.CdcTable;

/**
 * One postgres_changes binding of a channel session.
 *
 * @param session the channel it belongs to
 * @param id      the id echoed in the join reply and listed in {@code ids} of matching events
 * @param type    the change type it selects, or null for {@code *}
 * @param table   the table
 * @param filter  its filter (possibly empty)
 */
public record Binding(ChannelSession session, int id, ChangeType type, CdcTable table, RowFilter filter) {

    public boolean selects(ChangeType change) {
        return type == null || type == change;
    }
}
