package com.menuca.promo.processor;

import com.menuca.promo.common.config.ValueParser;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which time zone "today" means for each restaurant: configured per restaurant, else a default.
 *
 * @param byRestaurant zones of the restaurants configured explicitly
 * @param fallback     the zone of every other restaurant
 */
public record RestaurantZones(Map<Long, ZoneId> byRestaurant, ZoneId fallback) {
    public RestaurantZones {
        byRestaurant = Map.copyOf(byRestaurant);
    }

    public static RestaurantZones utc() {
        return new RestaurantZones(Map.of(), ZoneId.of("UTC"));
    }

    public ZoneId zoneOf(long restaurantId) {
        return byRestaurant.getOrDefault(restaurantId, fallback);
    }

    /** {@code 42=America/Toronto,7=Europe/Paris}; empty text means none. */
    public static final ValueParser<Map<Long, ZoneId>> MAPPING = new ValueParser<>() {
        @Override
        public Map<Long, ZoneId> parse(String text) {
            Map<Long, ZoneId> zones = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected RESTAURANT_ID=ZONE pairs separated by commas, such as "
                            + "42=America/Toronto,7=Europe/Paris; got '" + entry.trim() + "'");
                }
                try {
                    zones.put(Long.parseLong(parts[0].trim()), ZoneId.of(parts[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + parts[0].trim() + "' is not a restaurant id");
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("'" + parts[1].trim() + "' is not a time zone (use IANA names "
                            + "such as America/Toronto)");
                }
            }
            return zones;
        }

        @Override
        public String format(Map<Long, ZoneId> value) {
            return value.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }
    };

    /** An IANA zone name such as {@code UTC} or {@code America/Toronto}. */
    public static final ValueParser<ZoneId> ZONE = new ValueParser<>() {
        @Override
        public ZoneId parse(String text) {
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("expected a time zone such as UTC or America/Toronto");
            }
        }

        @Override
        public String format(ZoneId value) {
            return value.getId();
        }
    };
}
