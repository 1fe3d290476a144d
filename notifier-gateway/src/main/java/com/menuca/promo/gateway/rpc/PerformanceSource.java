package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.schemas.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Optional;

/**
 * A restaurant's live performance (the latest {@code promo.deal-performance} value the gateway has
 * read) for a caller who may join that restaurant's {@code restaurant:{id}:performance} channel, and
 * only where that grant's conditions allow it, as on the channel.
 */
final class PerformanceSource {
    private final Policy policy;
    private final LatestValues latest;

    PerformanceSource(Policy policy, LatestValues latest) {
        this.policy = policy;
        this.latest = latest;
    }

    /**
     * @param function the function asking, for the refusal's message
     * @return the value, or empty when none was published yet or the grant's conditions exclude it
     * @throws RpcException {@code 42501} when the caller may not see the restaurant's performance
     */
    Optional<JsonNode> forCaller(Principal caller, long restaurantId, String function) throws RpcException {
        Optional<EventFilter> access = policy.accessFor(caller).channelAccess("restaurant:" + restaurantId + ":performance");
        if (access.isEmpty()) {
            throw new RpcException(HttpResponseStatus.FORBIDDEN, "42501", "permission denied for function " + function,
                    "role '" + caller.role() + "' may not read the performance of restaurant " + restaurantId,
                    "Call it with the token of the restaurant's staff (or service_role).");
        }
        Optional<byte[]> value = latest.performance(restaurantId).filter(json -> LatestValues.allows(access.get(), json));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(value.get()));
        } catch (IOException e) {
            throw new RpcException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "XX000",
                    "the performance of restaurant " + restaurantId + " is not readable JSON", null, null);
        }
    }
}
