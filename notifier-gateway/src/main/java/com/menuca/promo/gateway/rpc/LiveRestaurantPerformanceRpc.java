package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.schemas.json.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code get_live_restaurant_performance(p_restaurant_id bigint)}: the whole live performance of a
 * restaurant as the stream processor publishes it on {@code promo.deal-performance} (the dashboard's
 * counters: today / last hour / total, discount, revenue, per-minute series, live and top deals), one
 * JSON object; {@code null} before it published one or where the caller's grant excludes it.
 */
public final class LiveRestaurantPerformanceRpc implements RpcFunction {
    public static final String NAME = "get_live_restaurant_performance";
    private static final RpcParameter RESTAURANT = RpcParameter.bigint("p_restaurant_id");

    private final PerformanceSource source;

    LiveRestaurantPerformanceRpc(PerformanceSource source) {
        this.source = source;
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
        return List.of();
    }

    @Override
    public CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments) {
        JsonNode id = arguments.get(RESTAURANT.name());
        try {
            if (id.isNull()) {
                return CompletableFuture.completedFuture(Json.mapper().nullNode());
            }
            return CompletableFuture.completedFuture(source.forCaller(caller, RESTAURANT.asLong(id), NAME)
                    .orElse(Json.mapper().nullNode()));
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
