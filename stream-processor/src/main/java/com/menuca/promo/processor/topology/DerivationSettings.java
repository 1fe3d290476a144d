package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.RestaurantZones;
import java.time.Duration;
import java.util.List;

/**
 * What the derivations depend on besides their input.
 *
 * @param zones               which time zone "today" means per restaurant
 * @param expiryHorizons      warning horizons before ends_at / valid_until, longest first
 * @param referenceWait       how long a usage row waits for its coupon and deal before the dead-letter topic
 * @param dedupRetention      how far back in commit time a change's position is remembered
 * @param publishInterval     least time between two publications of one restaurant's performance or one key's counts
 * @param topDeals            length of the top-deals list
 */
public record DerivationSettings(
        RestaurantZones zones,
        List<Duration> expiryHorizons,
        Duration referenceWait,
        Duration dedupRetention,
        Duration publishInterval,
        int topDeals) {

    public DerivationSettings {
        expiryHorizons = List.copyOf(expiryHorizons);
    }

    /** The defaults of {@code ProcessorConfig}, in UTC. */
    public static DerivationSettings defaults() {
        return new DerivationSettings(RestaurantZones.utc(),
                List.of(Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(15)),
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(1), 5);
    }
}
