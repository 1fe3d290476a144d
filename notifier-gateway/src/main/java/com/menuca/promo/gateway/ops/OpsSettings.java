package com.menuca.promo.gateway.ops;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How the gateway stops and what its operator view shows.
 *
 * @param drainPeriod    over how long a stopping gateway closes its sockets with 1001
 * @param metricsTargets the services whose metrics the operator view shows besides the gateway's own
 * @param metricsToken   credential sent to the targets ({@code Authorization: Bearer}), or null
 * @param roles          token roles that may read the operator view's metrics
 */
public record OpsSettings(Duration drainPeriod, List<MetricsTarget> metricsTargets, String metricsToken, Set<String> roles) {
    public OpsSettings {
        metricsTargets = List.copyOf(metricsTargets);
        roles = Set.copyOf(roles);
    }
}
