package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.schemas.derived.DealRate;
import com.menuca.promo.schemas.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code get_live_deal_performance(p_restaurant_id bigint)}: what the platform's database function
 * returned, one row per live deal of the restaurant (started and not ended at call time), most
 * redeemed first: {@code deal_id},
 * {@code title}, {@code usage_count} (redemptions ever through the deal's coupons),
 * {@code hours_active} (whole hours since {@code starts_at}) and {@code redemptions_per_hour}
 * ({@code usage_count / hours_active}, 2 decimals, 0 in the first hour), all numbers. No rows (an
 * empty array) before the stream processor published the restaurant's performance, for a restaurant
 * without live deals, and where the caller's grant excludes the value. Counts are the latest the
 * processor published; the hours and the rate are worked out at call time, as the function did.
 */
public final class LiveDealPerformanceRpc implements RpcFunction {
    public static final String NAME = "get_live_deal_performance";
    private static final RpcParameter RESTAURANT = RpcParameter.bigint("p_restaurant_id");
    private static final List<RpcColumn> COLUMNS = List.of(RpcColumn.bigint("deal_id"), RpcColumn.text("title"),
            RpcColumn.bigint("usage_count"), RpcColumn.bigint("hours_active"), RpcColumn.numeric("redemptions_per_hour"));

    private final PerformanceSource source;
    private final Clock clock;

    LiveDealPerformanceRpc(PerformanceSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RpcParameter> parameters() {
        return List.of(RESTAURANT);
    }

    @Override
    public List<RpcColumn> columns() {
        return COLUMNS;
    }

    @Override
    public CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments) {
        ArrayNode rows = Json.mapper().createArrayNode();
        JsonNode id = arguments.get(RESTAURANT.name());
        try {
            if (id.isNull()) {
                return CompletableFuture.completedFuture(rows); // WHERE restaurant_id = NULL: no rows
            }
            Optional<JsonNode> performance = source.forCaller(caller, RESTAURANT.asLong(id), NAME);
            if (performance.isPresent()) {
                Instant now = clock.instant();
                List<ObjectNode> live = new ArrayList<>();
                for (JsonNode deal : performance.get().path("deals")) {
                    if (liveAt(deal, now)) {
                        live.add(row(deal, now));
                    }
                }
                // the function's ORDER BY usage_count DESC; ties by deal id, so that the order is stable
                live.sort(Comparator.comparingLong((ObjectNode row) -> row.path("usage_count").asLong()).reversed()
                        .thenComparingLong(row -> row.path("deal_id").asLong()));
                rows.addAll(live);
            }
            return CompletableFuture.completedFuture(rows);
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Started and not ended at {@code now}: the function's {@code NOW() BETWEEN start_date AND end_date}. */
    private static boolean liveAt(JsonNode deal, Instant now) {
        Instant startsAt = Instant.parse(deal.path("starts_at").asText());
        Instant endsAt = deal.hasNonNull("ends_at") ? Instant.parse(deal.get("ends_at").asText()) : null;
        return !startsAt.isAfter(now) && (endsAt == null || endsAt.isAfter(now));
    }

    private static ObjectNode row(JsonNode deal, Instant now) {
        long usage = deal.path("usage_count").asLong();
        long hours = DealRate.hoursActive(Instant.parse(deal.path("starts_at").asText()), now);
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("deal_id", deal.path("deal_id").asLong());
        row.set("title", deal.path("title"));
        row.put("usage_count", usage);
        row.put("hours_active", hours);
        row.put("redemptions_per_hour", DealRate.redemptionsPerHour(usage, hours));
        return row;
    }
}
