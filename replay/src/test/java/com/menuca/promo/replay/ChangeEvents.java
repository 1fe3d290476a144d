package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.time.Duration;
import java.time.Instant;

/** Realistic change events (they pass the catalogue's schemas) for replay tests, varied by a counter. */
final class ChangeEvents {
    private static final String[] OPS = {"c", "u", "d"};

    record Event(String topic, ObjectNode key, ObjectNode value) {
    }

    private ChangeEvents() {
    }

    /** The i-th event: tables, ops and restaurants (1..4) rotate; tags carry no restaurant. */
    static Event nth(int i, Instant base) {
        String op = OPS[i % OPS.length];
        long id = 1000 + i;
        long restaurant = 1 + (i / 3) % 4;
        String at = base.plus(Duration.ofMinutes(i)).toString();
        String table;
        ObjectNode row = Json.mapper().createObjectNode();
        switch ((i / 3) % 4) {
            case 0 -> {
                table = "promotional_deals";
                row.put("id", id).put("restaurant_id", restaurant).put("title", "Deal \"" + i + "\", with comma")
                        .putNull("description").put("deal_type", "percent").put("discount_percent", "12.50")
                        .putNull("discount_amount").put("starts_at", at).putNull("ends_at").put("is_active", true)
                        .put("status", "active").put("created_at", at).put("updated_at", at);
            }
            case 1 -> {
                table = "promotional_coupons";
                row.put("id", id).put("restaurant_id", restaurant).putNull("deal_id").put("code", "C" + i)
                        .put("discount_type", "amount").put("discount_value", "5.00").put("usage_limit", 10)
                        .putNull("per_customer_limit").put("valid_from", at).putNull("valid_until").put("is_active", true)
                        .put("created_at", at).put("updated_at", at);
            }
            case 2 -> {
                table = "coupon_usage_log";
                row.put("id", id).put("coupon_id", 7).put("restaurant_id", restaurant).put("customer_id", 40 + i % 5)
                        .put("order_id", 9000 + i).put("discount_applied", "5.00").put("order_total", "31.20").put("used_at", at);
            }
            default -> {
                table = "marketing_tags";
                row.put("id", id).put("name", "Tag " + i).put("slug", "tag-" + i).put("created_at", at);
            }
        }
        ObjectNode value = Json.mapper().createObjectNode();
        ObjectNode before = row.deepCopy();
        if (op.equals("u")) {
            // the old row of an update differs from the new one in one column per table
            switch (table) {
                case "promotional_deals" -> before.put("title", "Old title " + i);
                case "promotional_coupons" -> before.put("code", "OLD" + i);
                case "coupon_usage_log" -> before.put("order_total", "30.00");
                default -> before.put("name", "Old tag " + i);
            }
        }
        value.set("before", op.equals("c") ? null : before);
        value.set("after", op.equals("d") ? null : row);
        ObjectNode source = value.putObject("source");
        source.put("version", "3.6.1.Final").put("connector", "postgresql").put("name", "menuca")
                .put("ts_ms", base.toEpochMilli() + i * 60_000L).put("snapshot", "false").put("db", "menuca")
                .putNull("sequence").put("schema", "menuca_v3").put("table", table).put("txId", 500 + i)
                .put("lsn", 100_000 + i).putNull("xmin");
        value.putNull("transaction");
        value.put("op", op);
        value.put("ts_ms", base.toEpochMilli() + i * 60_000L + 5);
        ObjectNode key = Json.mapper().createObjectNode().put("id", id);
        return new Event("menuca.menuca_v3." + table, key, value);
    }
}
