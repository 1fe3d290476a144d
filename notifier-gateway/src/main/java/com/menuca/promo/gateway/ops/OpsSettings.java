package com.menuca.promo.gateway.ops;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where the platform reaches the gateway, how it stops and what its operator view shows.
 *
 * @param host           interface of the ops endpoints ({@code /health}, {@code /ready}, {@code /metrics})
 * @param port           their port, apart from the client port (0 = any free port)
 * @param drainPeriod    over how long a stopping gateway closes its sockets with 1001
 * @param metricsTargets the services whose metrics the operator view shows besides the gateway's own
 * @param metricsToken   credential sent to the targets ({@code Authorization: Bearer}), or null
 * @param roles          token roles that may read the operator view's metrics
 */
public record OpsSettings(String host, int port, Duration drainPeriod, List<MetricsTarget> metricsTargets,
                          String metricsToken, Set<String> roles) {
    public OpsSettings {
        metricsTargets = List.copyOf(metricsTargets);
        roles = Set.copyOf(roles);
    }
}
