package com.menuca.promo.deploy.monitoring;

import java.util.Set;

/** The Prometheus job names the alert rules and the dashboard select on, one per service. */
final class MonitoredJobs {
    static final Set<String> ALL = Set.of("promo-capture", "promo-processor", "promo-gateway");

    private MonitoredJobs() {
    }
}
