package com.menuca.promo.gateway.rpc;

import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.Policy;
import java.time.Clock;
import java.util.List;

/** The live-performance functions, both answered from the latest {@code promo.deal-performance} values. */
public final class PerformanceFunctions {
    private PerformanceFunctions() {
    }

    /** {@code get_live_deal_performance} (rows, as the platform's function) and {@code get_live_restaurant_performance} (the object). */
    public static List<RpcFunction> of(Policy policy, LatestValues latest, Clock clock) {
        PerformanceSource source = new PerformanceSource(policy, latest);
        return List.of(new LiveDealPerformanceRpc(source, clock), new LiveRestaurantPerformanceRpc(source));
    }
}
